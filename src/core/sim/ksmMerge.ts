// mm/ksm.c: which pages a KSM merge takes, and its notifier pairs. cmp_and_merge_page() ->
// try_to_merge_with_ksm_page() -> try_to_merge_one_page(): write_protect_page() (one MMU_NOTIFY_CLEAR
// pair, sent before it checks the page's references) and, once the page is write-protected and has no
// extra reference, replace_page() (a second pair) maps the KSM page in its place. The first page of
// each KSM page is not replaced: try_to_merge_two_pages() turns it into the KSM page itself, after its
// write_protect_page(); a KSM page is shared by at most max_page_sharing mappings (6.1 and 6.12
// default 256, which the real-kernel harness keeps), then the next merge starts another one.
import type { Sim } from './context';
import * as F from './facts';
import { migrationMustFail } from './folio';

/** ksm_max_page_sharing: the sysfs default (mm/ksm.c, both versions). */
export const KSM_MAX_PAGE_SHARING = 256;

/**
 * Does ksmd merge this page? A present small page without extra references: write_protect_page()
 * gives up when page_mapcount() + 1 + swapped != page_count() (a pin or a transient reference), and a
 * THP is not split here (the model keeps huge folios whole).
 */
export function ksmMerges(sim: Sim, f: number, t: number): boolean {
  return F.pte(f) === F.PTE_PRESENT && !F.isHuge(f) && !F.isKsm(f) && !migrationMustFail(sim, f, t);
}

/** replace_page() pairs for `merged` pages: all but one page per KSM page (max_page_sharing each). */
export function ksmReplaceCalls(merged: number): number {
  return merged - Math.ceil(merged / KSM_MAX_PAGE_SHARING);
}
