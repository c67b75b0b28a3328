/* oraclevmm: the real-kernel oracle's test program (one static binary, run inside L2).
 * Shared declarations of its parts:
 *   main.c      options, the measured window, the sequence of a case
 *   region.c    the guest memory region: backing, placement, io_uring long-term pin, page placement
 *   vcpu.c      the KVM VM, its memslots and the toucher / spinner / contender vCPU threads
 *   counters.c  /proc/vmstat, KVM binary stats (KVM_GET_STATS_FD), /sys/kernel/mm/ksm, numa_scan_seq
 *   tracefs.c   ftrace instances: hist-trigger counts, kvm_unmap_hva_range ranges, the raw ring buffer
 *   ops.c       the operations (madvise, mprotect, munmap, mremap, KSM, collapse, move_pages, …)
 *   json.c      the measurement file written for the host driver
 */
#ifndef ORACLEVMM_H
#define ORACLEVMM_H
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MIB (1UL << 20)
#define PMD_SIZE_BYTES (2UL << 20)

enum backing { BACK_4K, BACK_THP, BACK_MEMFD };

struct opts {
	const char *name, *out;
	size_t mib;
	enum backing backing;
	int pin, remote, spinner, contender;
	const char *op;
	size_t op_off_mib, op_len_mib;
	int repeat, target_node;
	int scan_passes, passes_after;
	double timeout_s;
	int trace_ranges, raw_trace;
};

/* ---- errors ---- */
void fatal(const char *what); /* prints "FATAL: what: strerror" and exits 1 */
double now_s(void);

/* ---- region.c ---- */
struct region {
	char *base;
	size_t len;
	int memfd;
	enum backing backing;
	char pin_note[128];
	int ring;
};
void region_create(struct region *r, const struct opts *o, int mem_node);
void region_remap(struct region *r, size_t off, size_t len); /* fresh mapping after munmap */
void region_pin(struct region *r);
struct placement { long node0, node1, other; };
void region_placement(const struct region *r, struct placement *p);
int cpu_of_node(int node); /* L2 has cpu0 on node 0 and cpu1 on node 1 */
void pin_thread_to_cpu(int cpu);

/* ---- vcpu.c ---- */
enum vcpu_role { ROLE_TOUCHER, ROLE_SPINNER, ROLE_CONTENDER };
struct vcpu {
	enum vcpu_role role;
	int fd, stats_fd, cpu;
	struct kvm_run *run;
	volatile unsigned long passes;
	volatile unsigned long efaults;
	volatile int entered;
};
struct vm {
	int kvm, fd, stats_fd;
	int nvcpu;
	struct vcpu vcpu[3];
};
void vm_create(struct vm *vm, const struct region *r, size_t contend_off, size_t contend_len);
struct vcpu *vm_add_vcpu(struct vm *vm, enum vcpu_role role, int cpu);
void vm_start(struct vcpu *v); /* its own thread, pinned to v->cpu, KVM_RUN forever */
const char *role_name(enum vcpu_role role);
int kvm_check(void); /* -C: /dev/kvm works; prints the capabilities seen */

/* ---- counters.c ---- */
#define MAX_STATS 512
struct stats {
	int n;
	char name[MAX_STATS][64];
	long long val[MAX_STATS];
};
void read_vmstat(struct stats *s);
void read_kvm_stats(int fd, struct stats *s);
void read_ksm(struct stats *s);
long long stats_get(const struct stats *s, const char *name);
long long numa_scan_seq(void);
int write_file(const char *path, const char *val); /* 0 or -errno */
int copy_file(const char *from, const char *to);

/* ---- tracefs.c ---- */
#define MAX_TP 24
struct tp_counts {
	int n;
	char name[MAX_TP][64]; /* "system:event" */
	long long hits[MAX_TP];  /* -1: no such event */
};
int trace_init(void); /* once per boot: instances, events, hist triggers */
void trace_setup(const struct opts *o);
void trace_window_start(void);
void trace_window_end(void);
void trace_counts(struct tp_counts *c);
/* writes the ranges as JSON array items to f; returns lost-event count */
long trace_write_ranges(FILE *f);
int trace_save_raw(const char *path);
void trace_teardown(void);

/* ---- ops.c ---- */
struct op_result {
	int calls;
	int nerr;
	char errors[16][96];
	int ndetail;
	char detail_name[16][32];
	long detail_val[16];
};
int op_is_known(const char *op);
void op_prepare(const char *op, struct region *r);                     /* before the window */
void op_run(const char *op, struct region *r, size_t off, size_t len, int target_node,
	    struct op_result *res);                                       /* one call */
void op_note_error(struct op_result *res, const char *fmt, ...);

/* ---- json.c ---- */
struct measurement {
	const struct opts *o;
	const struct region *r;
	const struct vm *vm;
	double elapsed;
	int timed_out;
	long long scan_passes;
	unsigned long toucher_passes, contender_passes;
	struct op_result op;
	struct placement pl_start, pl_end;
	struct stats *vm0, *vm1, *ks0, *ks1, *kvm0, *kvm1;
	struct stats *vc0[3], *vc1[3];
	struct tp_counts tp;
	const char *raw_files[3];
	int nraw;
};
void write_measurement(const char *path, struct measurement *m);

#endif
