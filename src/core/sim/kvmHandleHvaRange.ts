// virt/kvm/kvm_main.c: __kvm_handle_hva_range() — how many times a notifier's handler
// (kvm_unmap_gfn_range()) runs: once per memslot that overlaps the hva range, in each address space
// (x86 has two, normal and SMM). The tracepoint kvm_unmap_hva_range fires once per notifier, before.
// QEMU on x86 (pc/q35 with SMM on, the default under KVM) registers a second KVM memory listener for the
// SMM address space (target/i386/kvm/kvm.c: register_smram_listener()), whose root aliases all of system
// memory: every guest-RAM memslot exists in both address spaces, so each overlap counts twice. QEMU
// splits guest RAM at the 4 GiB hole: q35 maps the first `vmm.lowmem_gib` of the RAM block below 4 GiB
// and the rest above it, two memslots over one VMA. The SMM address space's root has almost no SPTEs
// (only SMM code touches it), so its calls zap nothing.
import type { Sim } from './context';
import { PAGES_PER_GIB } from './facts';

/** kvm_unmap_gfn_range() calls for a notifier on guest pages [s, e). */
export function memslotCalls(sim: Sim, s: number, e: number): number {
  const v = sim.sc.vmm;
  const split = Math.round(v.lowmem_gib * PAGES_PER_GIB);
  const slots = split > 0 && split < sim.pages && s < split && e > split ? 2 : 1;
  return slots * addressSpaces(sim);
}

/** KVM address spaces holding guest RAM: 2 when the VMM maps it into the SMM one too. */
export function addressSpaces(sim: Sim): number {
  return sim.sc.vmm.smm ? 2 : 1;
}
