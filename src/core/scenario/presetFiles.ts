// Generated list of the preset files (keep in sync with presets/*.mmulens.json; a unit test checks it).
import vfioBoot from '../../../presets/vfio-boot.mmulens.json';
import anon4kVfio from '../../../presets/anon4k-vfio.mmulens.json';
import hugetlbfsVfio from '../../../presets/hugetlbfs-vfio.mmulens.json';
import mdevPartial from '../../../presets/mdev-partial.mmulens.json';
import memfdVfio from '../../../presets/memfd-vfio.mmulens.json';
import noDevice from '../../../presets/no-device.mmulens.json';
import threadBoot from '../../../presets/thread-boot.mmulens.json';
import noPin1g from '../../../presets/no-pin-1g.mmulens.json';
import opCow from '../../../presets/op-cow.mmulens.json';
import opKhugepaged from '../../../presets/op-khugepaged.mmulens.json';
import opKsm from '../../../presets/op-ksm.mmulens.json';
import opMadvise from '../../../presets/op-madvise.mmulens.json';
import opMigration from '../../../presets/op-migration.mmulens.json';
import opMprotect from '../../../presets/op-mprotect.mmulens.json';
import opMremap from '../../../presets/op-mremap.mmulens.json';
import opMunmap from '../../../presets/op-munmap.mmulens.json';
import opReclaim from '../../../presets/op-reclaim.mmulens.json';
import opRelease from '../../../presets/op-release.mmulens.json';
import opSoftDirty from '../../../presets/op-soft-dirty.mmulens.json';
import rfcV1FalsePositive from '../../../presets/rfc-v1-false-positive.mmulens.json';
import thpVfio from '../../../presets/thp-vfio.mmulens.json';
import zap88mContended from '../../../presets/zap-88m-contended.mmulens.json';

export const PRESET_FILES: Record<string, unknown> = {
  'vfio-boot': vfioBoot,
  'anon4k-vfio': anon4kVfio,
  'hugetlbfs-vfio': hugetlbfsVfio,
  'mdev-partial': mdevPartial,
  'memfd-vfio': memfdVfio,
  'no-device': noDevice,
  'thread-boot': threadBoot,
  'no-pin-1g': noPin1g,
  'op-cow': opCow,
  'op-khugepaged': opKhugepaged,
  'op-ksm': opKsm,
  'op-madvise': opMadvise,
  'op-migration': opMigration,
  'op-mprotect': opMprotect,
  'op-mremap': opMremap,
  'op-munmap': opMunmap,
  'op-reclaim': opReclaim,
  'op-release': opRelease,
  'op-soft-dirty': opSoftDirty,
  'rfc-v1-false-positive': rfcV1FalsePositive,
  'thp-vfio': thpVfio,
  'zap-88m-contended': zap88mContended,
};
