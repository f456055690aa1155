-- Count the cases that exist already (after 0009's index on tip_returns, which the count uses).
SELECT stats_rebuild();
