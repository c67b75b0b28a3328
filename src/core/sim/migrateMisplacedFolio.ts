// mm/migrate.c: migrate_misplaced_folio() — move a misplaced folio to the faulting CPU's node. A
// long-term pinned folio (or one holding extra references) cannot move: pgmigrate_fail counts its pages
// and the old PTE/PMD is restored (the migration attempt was pure waste). Success counts
// numa_pages_migrated. Either way migrate_pages() (MIGRATE_ASYNC) sent try_to_migrate_one() notifiers:
// one for a folio that moves; for one that fails, ten passes, or one on 6.3+ when only its move failed
// (failedMigrationUnmaps(), migratePages.ts; counted under by_cause.numa_migration).
import type { Sim } from './context';
import { count, spend } from './context';
import * as F from './facts';
import { migrationMustFail, tryToMigrateKeepsMapped } from './folio';
import { FN } from './causes';
import { failedMigrationUnmaps, migratePagesNotify } from './migratePages';

export function migrateMisplacedFolio(
  sim: Sim,
  s: number,
  e: number,
  f: number,
  _target: number,
  t: number,
  lane: `vcpu${number}`,
): boolean {
  const huge = F.isHuge(f);
  const pages = huge ? F.chunkStarts(s, e) * F.PMD_PAGES : e - s;
  const chain = [FN.doNumaPage, FN.migrateMisplacedFolio];
  const unit = huge ? F.PMD_PAGES : 1;
  if (migrationMustFail(sim, f, t)) {
    count(sim, 'numa_balancing', 'pgmigrate_fail', pages);
    spend(sim, 'migration_fail', (huge ? F.chunkStarts(s, e) : pages) * sim.cost.migrate_fail_ns);
    sim.rec.guest(t, lane, 'migrate_fail', s, e, chain, pages, 'pinned: PTE restored', unit);
    const unmapped = !tryToMigrateKeepsMapped(sim, f, t); // else try_to_migrate_one() refuses every pass
    migratePagesNotify(sim, s, e, huge, true, failedMigrationUnmaps(sim, f, t, 'async'), unmapped, t, chain);
    return true;
  }
  count(sim, 'numa_balancing', 'numa_pages_migrated', pages);
  spend(sim, 'migration', pages * sim.cost.migrate_4k_ns);
  sim.rec.guest(t, lane, 'migrate', s, e, chain, pages, undefined, unit);
  migratePagesNotify(sim, s, e, huge, false, 1, true, t, chain);
  return false;
}
