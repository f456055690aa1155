import { createHash } from "node:crypto";
import { eq, sql, type SQL } from "drizzle-orm";
import { ledgerAnchorHeads, ledgerAnchors, ledgerChainHeads, ledgerEntries } from "../../db/schema/index";
import { localDate, startOfLocalDay } from "../domain/working-days";
import type { Database, Executor } from "./db.server";
import { env } from "./env.server";

/**
 * The ledger (台账): append-only and tamper-evident. Each case has its own hash chain, so
 * concurrent submissions never queue on one row; anchors periodically write the heads of the
 * chains that moved into a chain of anchors, so deleting a whole case (or the tail of its chain)
 * is detected by `verifyLedger`: staff-only movement every few minutes, a tipster's entries only
 * by the daily anchor. See docs/decisions/003-ledger-chains.md and 015-tipster-time.md.
 */
export type LedgerActor = { type: "tipster" } | { type: "staff"; id: string } | { type: "system" };

export type LedgerEntryInput = {
  chain: string;
  actor: LedgerActor;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  /** Today's date in the deployment's time zone. */
  today: string;
  now?: Date;
};

export const GENESIS: Buffer = Buffer.alloc(32);

export const chainForTip = (tipId: string) => `tip:${tipId}`;

/** JSON with sorted keys: jsonb does not keep key order, the hash must not depend on it. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return "[" + value.map(stableStringify).join(",") + "]";
  const obj = value as Record<string, unknown>;
  return (
    "{" +
    Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ":" + stableStringify(obj[k]))
      .join(",") +
    "}"
  );
}

export type HashedFields = {
  chain: string;
  seq: number;
  recordedOn: string;
  recordedAt: Date | null;
  actorType: "tipster" | "staff" | "system";
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  details: unknown;
  prevHash: Buffer;
};

export function entryHash(e: HashedFields): Buffer {
  const canonical = stableStringify([
    e.chain,
    e.seq,
    e.recordedOn,
    e.recordedAt ? e.recordedAt.toISOString() : null,
    e.actorType,
    e.actorId,
    e.action,
    e.subjectType,
    e.subjectId,
    e.details ?? {},
    e.prevHash.toString("hex"),
  ]);
  return createHash("sha256").update(canonical).digest();
}

/** The entry's fields and hash: a tipster's entries carry the date only, others the second. */
function buildEntry(input: LedgerEntryInput, seq: number, prevHash: Buffer): { fields: HashedFields; hash: Buffer } {
  const recordedAt = input.actor.type === "tipster" ? null : new Date(Math.floor((input.now ?? new Date()).getTime() / 1000) * 1000);
  const fields: HashedFields = {
    chain: input.chain,
    seq,
    recordedOn: input.today,
    recordedAt,
    actorType: input.actor.type,
    actorId: input.actor.type === "staff" ? input.actor.id : null,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    details: input.details ?? {},
    prevHash,
  };
  return { fields, hash: entryHash(fields) };
}

/** Appends one entry to its chain. Call inside the transaction that makes the change. */
export async function appendLedger(tx: Executor, input: LedgerEntryInput): Promise<void> {
  await tx.insert(ledgerChainHeads).values({ chain: input.chain, seq: 0, hash: GENESIS }).onConflictDoNothing();
  const [head] = await tx
    .select({ seq: ledgerChainHeads.seq, hash: ledgerChainHeads.hash })
    .from(ledgerChainHeads)
    .where(eq(ledgerChainHeads.chain, input.chain))
    .for("update");
  const { fields, hash } = buildEntry(input, (head?.seq ?? 0) + 1, head?.hash ?? GENESIS);
  await tx.insert(ledgerEntries).values({ ...fields, details: fields.details as object, hash });
  await tx.update(ledgerChainHeads).set({ seq: fields.seq, hash }).where(eq(ledgerChainHeads.chain, input.chain));
}

/**
 * The first entry of a new chain (a new case), as two data-modifying CTEs to embed in the
 * statement that inserts the case: they write only when `guard` (e.g. `select 1 from new_tip`)
 * returns a row, so case and ledger entry are one atomic statement with no head to lock.
 */
export function startLedgerChainCtes(input: LedgerEntryInput, guard: SQL): SQL {
  const { fields, hash } = buildEntry(input, 1, GENESIS);
  const recordedAt = fields.recordedAt;
  return sql`ledger_head as (
      insert into ledger_chain_heads (chain, seq, hash) select ${fields.chain}, 1, ${hash} where exists (${guard})),
    ledger_entry as (
      insert into ledger_entries (chain, seq, recorded_on, recorded_at, actor_type, actor_id, action, subject_type, subject_id, details, prev_hash, hash)
      select ${fields.chain}, 1, ${fields.recordedOn}::date, ${recordedAt ? recordedAt.toISOString() : null}::timestamptz, ${fields.actorType}, ${fields.actorId}::uuid,
             ${fields.action}, ${fields.subjectType}, ${fields.subjectId}, ${JSON.stringify(fields.details)}::jsonb, ${GENESIS}, ${hash}
      where exists (${guard}))`;
}

function anchorHash(a: { anchoredAt: Date; headCount: number; headsDigest: Buffer; prevHash: Buffer }) {
  return createHash("sha256")
    .update(stableStringify([a.anchoredAt.toISOString(), a.headCount, a.headsDigest.toString("hex"), a.prevHash.toString("hex")]))
    .digest();
}

export function headsDigest(heads: { chain: string; seq: number; hash: Buffer }[]): Buffer {
  const h = createHash("sha256");
  for (const x of [...heads].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0))) {
    h.update(`${x.chain}\t${x.seq}\t${x.hash.toString("hex")}\n`);
  }
  return h.digest();
}

type AnchoredHead = { chain: string; seq: number; hash: Buffer };

/** Writes one anchor over `heads` (chain, seq, hash of that entry) and moves their anchored_seq. */
async function writeAnchor(tx: Executor, heads: AnchoredHead[], anchoredAt: Date): Promise<void> {
  const [last] = await tx.select({ hash: ledgerAnchors.hash }).from(ledgerAnchors).orderBy(sql`${ledgerAnchors.id} desc`).limit(1);
  const anchor = { anchoredAt, headCount: heads.length, headsDigest: headsDigest(heads), prevHash: last?.hash ?? GENESIS };
  const [row] = await tx
    .insert(ledgerAnchors)
    .values({ ...anchor, hash: anchorHash(anchor) })
    .returning({ id: ledgerAnchors.id });
  for (let i = 0; i < heads.length; i += 5000) {
    const slice = heads.slice(i, i + 5000);
    await tx.insert(ledgerAnchorHeads).values(slice.map((h) => ({ anchorId: row!.id, ...h })));
    await tx.execute(sql`
      update ledger_chain_heads h set anchored_seq = v.seq
      from (select unnest(${sql.param(slice.map((x) => x.chain))}::text[]) as chain, unnest(${sql.param(slice.map((x) => x.seq))}::int[]) as seq) v
      where h.chain = v.chain`);
  }
}

async function anchorWith(db: Database, anchoredAt: Date, select: (tx: Executor) => Promise<AnchoredHead[]>): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('canary.ledger.anchor'))`);
    const heads = await select(tx);
    if (heads.length === 0) return 0;
    await writeAnchor(tx, heads, anchoredAt);
    return heads.length;
  });
}

const toHeads = (rows: unknown): AnchoredHead[] =>
  (rows as { chain: string; seq: number; hash: Uint8Array }[]).map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: Buffer.from(r.hash) }));

/**
 * The short-interval anchor (every LEDGER_ANCHOR_SECONDS): for each chain that moved, anchors its
 * entries up to (not including) the first unanchored entry of a tipster. What it covers then
 * depends only on staff and system entries (which carry their time anyway) and on the chain's
 * order, never on when within the day a tipster acted: a chain waits for the daily anchor from
 * a tipster's entry on (docs/decisions/015-tipster-time.md). Safe to run from several
 * processes: one at a time holds the advisory lock. Returns the number of heads anchored (0:
 * nothing to anchor, no anchor written).
 */
export async function anchorLedger(db: Database, opts: { maxHeads?: number; now?: Date } = {}): Promise<number> {
  const maxHeads = opts.maxHeads ?? 50_000;
  const anchoredAt = new Date(Math.floor((opts.now ?? new Date()).getTime() / 1000) * 1000);
  return anchorWith(db, anchoredAt, async (tx) =>
    toHeads(
      await tx.execute(sql`
        select h.chain, e.seq, e.hash
        from ledger_chain_heads h
        cross join lateral (
          select coalesce(
            (select min(t.seq) - 1 from ledger_entries t where t.chain = h.chain and t.seq > h.anchored_seq and t.actor_type = 'tipster'),
            h.seq) as upto) u
        join ledger_entries e on e.chain = h.chain and e.seq = u.upto
        where h.seq > h.anchored_seq and u.upto > h.anchored_seq
        limit ${maxHeads}`),
    ),
  );
}

/**
 * The daily anchor: after local midnight in `timeZone`, anchors every chain up to its last entry
 * recorded on an earlier day, with the midnight itself as its time (not the moment it runs), so
 * it says of the day's entries only that they were made before the day ended. Runs from the
 * anchor timer and the `anchor_ledger_daily` job; repeating it the same day anchors nothing.
 */
export async function anchorLedgerDaily(db: Database, opts: { maxHeads?: number; now?: Date; timeZone?: string } = {}): Promise<number> {
  const maxHeads = opts.maxHeads ?? 50_000;
  const timeZone = opts.timeZone ?? env().timeZone;
  const today = localDate(opts.now ?? new Date(), timeZone);
  return anchorWith(db, startOfLocalDay(today, timeZone), async (tx) =>
    toHeads(
      await tx.execute(sql`
        select h.chain, e.seq, e.hash
        from ledger_chain_heads h
        join lateral (
          select x.seq, x.hash from ledger_entries x
          where x.chain = h.chain and x.seq > h.anchored_seq and x.recorded_on < ${today}::date
          order by x.seq desc limit 1) e on true
        where h.seq > h.anchored_seq
        limit ${maxHeads}`),
    ),
  );
}

/** Every anchor due now (the daily one first, then the short-interval one), until nothing is left. */
export async function anchorLedgerNow(db: Database, opts: { now?: Date } = {}): Promise<number> {
  let total = 0;
  for (const anchor of [anchorLedgerDaily, anchorLedger]) {
    for (;;) {
      const n = await anchor(db, opts);
      total += n;
      if (n === 0) break;
    }
  }
  return total;
}

export { anchorHash };

export type LedgerProblem =
  | { kind: "entry_mismatch"; chain: string; seq: number; id: number }
  | { kind: "chain_gap"; chain: string; seq: number }
  | { kind: "anchor_mismatch"; anchorId: number }
  | { kind: "anchored_head_missing"; chain: string; seq: number; anchorId: number };

/**
 * Recomputes every chain and every anchor. Returns the first problem found (in chain order),
 * or null when the ledger is intact. Streams entries, so memory stays flat at any size.
 */
export async function verifyLedger(db: Database): Promise<{ entries: number; chains: number; anchors: number; problem: LedgerProblem | null }> {
  const client = (await import("./db.server")).sqlClient();
  let entries = 0;
  let chains = 0;
  let current: { chain: string; seq: number; hash: Buffer } | null = null;
  let problem: LedgerProblem | null = null;
  const cursor = client`
    select id, chain, seq, recorded_on::text as recorded_on, recorded_at, actor_type, actor_id, action, subject_type, subject_id, details, prev_hash, hash
    from ledger_entries order by chain, seq`.cursor(2000);
  outer: for await (const rows of cursor) {
    for (const r of rows) {
      entries++;
      if (!current || current.chain !== r.chain) {
        chains++;
        current = { chain: r.chain, seq: 0, hash: GENESIS };
      }
      if (r.seq !== current.seq + 1 || !Buffer.from(r.prev_hash).equals(current.hash)) {
        problem = { kind: "chain_gap", chain: r.chain, seq: r.seq };
        break outer;
      }
      const expected = entryHash({
        chain: r.chain,
        seq: r.seq,
        recordedOn: r.recorded_on,
        recordedAt: r.recorded_at ? new Date(r.recorded_at) : null,
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        details: r.details,
        prevHash: Buffer.from(r.prev_hash),
      });
      if (!expected.equals(Buffer.from(r.hash))) {
        problem = { kind: "entry_mismatch", chain: r.chain, seq: r.seq, id: Number(r.id) };
        break outer;
      }
      current = { chain: r.chain, seq: r.seq, hash: expected };
    }
  }
  const anchors = await db.select().from(ledgerAnchors).orderBy(ledgerAnchors.id);
  if (!problem) {
    let prev: Buffer = GENESIS;
    for (const a of anchors) {
      const heads = await db.select().from(ledgerAnchorHeads).where(eq(ledgerAnchorHeads.anchorId, a.id));
      const ok =
        a.prevHash.equals(prev) &&
        a.headCount === heads.length &&
        headsDigest(heads).equals(a.headsDigest) &&
        anchorHash(a).equals(a.hash);
      if (!ok) {
        problem = { kind: "anchor_mismatch", anchorId: a.id };
        break;
      }
      prev = a.hash;
      const missing = await client`
        select h.chain, h.seq from ledger_anchor_heads h
        left join ledger_entries e on e.chain = h.chain and e.seq = h.seq and e.hash = h.hash
        where h.anchor_id = ${a.id} and e.id is null limit 1`;
      if (missing[0]) {
        problem = { kind: "anchored_head_missing", chain: missing[0].chain, seq: missing[0].seq, anchorId: a.id };
        break;
      }
    }
  }
  return { entries, chains, anchors: anchors.length, problem };
}
