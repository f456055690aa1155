-- bench:intake variant (BENCH_SQL): the statistics triggers disabled on the throwaway bench
-- database. An UPPER BOUND of what any simplification of the per-change statistics work can
-- save, not a design: with these off nothing is counted at all.
ALTER TABLE tips DISABLE TRIGGER tips_statistics;
ALTER TABLE case_outcomes DISABLE TRIGGER case_outcomes_statistics;
ALTER TABLE tip_returns DISABLE TRIGGER tip_returns_statistics;
ALTER TABLE rectification_items DISABLE TRIGGER rectification_items_statistics;
