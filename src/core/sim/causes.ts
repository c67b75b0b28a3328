// Cause chains (outermost first) for timeline events: the kernel functions an event passes through.
import type { SourceRef } from '../../protocol/simulation';

const ref = (file: string, fn: string): SourceRef => ({ file, fn });

export const FN = {
  taskNumaWork: ref('kernel/sched/fair.c', 'task_numa_work'),
  changeProtNuma: ref('mm/mempolicy.c', 'change_prot_numa'),
  changeProtection: ref('mm/mprotect.c', 'change_protection'),
  changePudRange: ref('mm/mprotect.c', 'change_pud_range'),
  changePmdRange: ref('mm/mprotect.c', 'change_pmd_range'),
  changePteRange: ref('mm/mprotect.c', 'change_pte_range'),
  changeHugePmd: ref('mm/huge_memory.c', 'change_huge_pmd'),
  invalidateRangeStart: ref('mm/mmu_notifier.c', '__mmu_notifier_invalidate_range_start'),
  invalidateRangeEnd: ref('mm/mmu_notifier.c', '__mmu_notifier_invalidate_range_end'),
  numaProtect: ref('mm/mmu_notifier.c', 'mmu_notifier_numa_protect'),
  kvmStart: ref('virt/kvm/kvm_main.c', 'kvm_mmu_notifier_invalidate_range_start'),
  kvmEnd: ref('virt/kvm/kvm_main.c', 'kvm_mmu_notifier_invalidate_range_end'),
  kvmNumaProtect: ref('virt/kvm/kvm_main.c', 'kvm_mmu_notifier_numa_protect'),
  kvmUnmapGfnRange: ref('arch/x86/kvm/mmu/mmu.c', 'kvm_unmap_gfn_range'),
  tdpMmuZapLeafs: ref('arch/x86/kvm/mmu/tdp_mmu.c', 'tdp_mmu_zap_leafs'),
  tdpMmuIterCondResched: ref('arch/x86/kvm/mmu/tdp_mmu.c', 'tdp_mmu_iter_cond_resched'),
  kvmFlushRemoteTlbs: ref('virt/kvm/kvm_main.c', 'kvm_flush_remote_tlbs'),
  kvmTdpPageFault: ref('arch/x86/kvm/mmu/mmu.c', 'kvm_tdp_page_fault'),
  kvmFaultinPfn: ref('arch/x86/kvm/mmu/mmu.c', 'kvm_faultin_pfn'),
  kvmMmuHugepageAdjust: ref('arch/x86/kvm/mmu/mmu.c', 'kvm_mmu_hugepage_adjust'),
  kvmRecoverNxHugePages: ref('arch/x86/kvm/mmu/mmu.c', 'kvm_recover_nx_huge_pages'),
  hvaToPfn: ref('virt/kvm/kvm_main.c', 'hva_to_pfn'),
  doNumaPage: ref('mm/memory.c', 'do_numa_page'),
  doHugePmdNumaPage: ref('mm/huge_memory.c', 'do_huge_pmd_numa_page'),
  migrateMisplacedFolio: ref('mm/migrate.c', 'migrate_misplaced_folio'),
  vfioPin: ref('drivers/vfio/vfio_iommu_type1.c', 'vfio_pin_pages_remote'),
  mdevPin: ref('drivers/vfio/vfio_iommu_type1.c', 'vfio_iommu_type1_pin_pages'),
  mdevUnpin: ref('drivers/vfio/vfio_iommu_type1.c', 'vfio_iommu_type1_unpin_pages'),
} as const;
