// drivers/vfio/vfio_iommu_type1.c: vfio_pin_pages_remote() (VFIO passthrough: all guest RAM pinned with
// pin_user_pages(FOLL_LONGTERM) when the VMM maps it for DMA at VM start) and the mdev path
// vfio_iommu_type1_pin_pages()/unpin_pages() (a vendor driver pins only what it DMA-maps, changing over
// time). Pinning faults every page in (GUP), sets MMF_HAS_PINNED, and marks the folio pinned.
import type { Sim } from './context';
import * as F from './facts';
import { derive } from './prng';
import { freshPage, hostMapsHugeOnFault, thpStartInGiB } from './kvmFaultinPfn';
import { FN } from './causes';

/** Split [a, b) at GiB and vCPU-region boundaries: each piece has one placement node and one THP eligibility. */
function pieces(sim: Sim, a: number, b: number): { s: number; e: number; node: number }[] {
  const cuts = new Set<number>([a, b]);
  for (let g = F.alignUp(a, F.PUD_PAGES); g < b; g += F.PUD_PAGES) cuts.add(g);
  for (const v of sim.vcpus) if (v.regionStart > a && v.regionStart < b) cuts.add(v.regionStart);
  const thpStart = thpStartInGiB(sim);
  for (let g = F.alignDown(a, F.PUD_PAGES) + thpStart; g < b; g += F.PUD_PAGES) if (g > a) cuts.add(g);
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: { s: number; e: number; node: number }[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i];
    const owner = sim.vcpus.find((v) => s >= v.regionStart && s < v.regionEnd);
    out.push({ s, e: sorted[i + 1], node: owner ? owner.node : 0 });
  }
  return out;
}

export function pinRange(sim: Sim, a: number, b: number, t: number, mdev: boolean): void {
  for (const p of pieces(sim, a, b)) {
    let none = 0;
    sim.store.forEach(p.s, p.e, (s, e, f) => {
      if (F.pte(f) === F.PTE_NONE) none += e - s;
    });
    const huge = none === p.e - p.s && hostMapsHugeOnFault(sim, p.s);
    sim.rssPages += none;
    sim.store.update(p.s, p.e, (f) => {
      const g = F.pte(f) === F.PTE_NONE ? freshPage(sim, f, p.s, huge, p.node) : F.withPte(f, F.PTE_PRESENT);
      return F.withPinned(g, true);
    });
  }
  sim.hasPinned = true;
  sim.rec.event(t, 'pte', 'pin', a, b, [mdev ? FN.mdevPin : FN.vfioPin], { count: b - a });
}

export function unpinRange(sim: Sim, a: number, b: number, t: number): void {
  sim.store.update(a, b, (f) => F.withPinned(f, false));
  sim.rec.event(t, 'pte', 'unpin', a, b, [FN.mdevUnpin], { count: b - a });
}

/** The mdev pinned set: which chunks are pinned now; churned by mdevChurn(). */
export interface MdevState {
  chunkPages: number;
  pinned: number[];
  rngSeed: number;
  round: number;
}

export function mdevInit(sim: Sim, t: number): MdevState {
  const d = sim.sc.device;
  const chunkPages = Math.max(F.PMD_PAGES, F.alignDown(d.mdev_chunk_mib * 256, F.PMD_PAGES));
  const chunks = Math.max(1, Math.floor(sim.pages / chunkPages));
  const want = Math.round(chunks * d.mdev_pinned_fraction);
  const rng = derive(sim.sc.seed, 77);
  const all = Array.from({ length: chunks }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  const st: MdevState = {
    chunkPages,
    pinned: all.slice(0, want).sort((x, y) => x - y),
    rngSeed: sim.sc.seed,
    round: 0,
  };
  for (const c of st.pinned) pinRange(sim, c * chunkPages, (c + 1) * chunkPages, t, true);
  return st;
}

export function mdevChurn(sim: Sim, st: MdevState, t: number): void {
  const chunks = Math.max(1, Math.floor(sim.pages / st.chunkPages));
  const rng = derive(st.rngSeed, 100 + ++st.round);
  const n = Math.min(st.pinned.length, Math.round(st.pinned.length * sim.sc.device.mdev_churn_fraction));
  const pinnedSet = new Set(st.pinned);
  for (let i = 0; i < n && st.pinned.length > 0; i++) {
    const out = st.pinned.splice(rng.int(st.pinned.length), 1)[0];
    pinnedSet.delete(out);
    unpinRange(sim, out * st.chunkPages, (out + 1) * st.chunkPages, t);
    let c = rng.int(chunks);
    for (let k = 0; k < chunks && pinnedSet.has(c); k++) c = (c + 1) % chunks;
    pinnedSet.add(c);
    st.pinned.push(c);
    pinRange(sim, c * st.chunkPages, (c + 1) * st.chunkPages, t, true);
  }
}
