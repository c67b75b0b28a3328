/* oraclevmm — one real-kernel oracle case inside L2 (see oracle/README.md).
 * Sequence: populate the region on its node, pin it, create the VM and vCPUs, one warm-up pass of
 * the toucher (every SPTE exists), counters "before", the window (NUMA balancing on until the scan
 * passes are done, or the operation repeated), counters "after", the measurement file.
 * Usage: oraclevmm -C                     check that /dev/kvm works
 *        oraclevmm --trace-init           once per boot: the ftrace instances (tracefs.c)
 *        oraclevmm --name N --out PREFIX --mib M --backing 4k|thp|memfd [--pin] [--remote]
 *                  [--spinner] [--contender] --op KIND [--op-off MIB] [--op-len MIB] [--repeat N]
 *                  [--target-node N] [--scan-passes N] [--passes-after N] --timeout S
 *                  [--trace-ranges] [--raw-trace]
 * Writes PREFIX.json (+ PREFIX.trace.txt, PREFIX.vmstat-before.txt, PREFIX.vmstat-after.txt). */
#include "oraclevmm.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void fatal(const char *what)
{
	fprintf(stderr, "FATAL: %s: %s\n", what, strerror(errno));
	exit(1);
}

double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "name", 1, 0, 'n' },	       { "out", 1, 0, 'o' },	       { "mib", 1, 0, 'm' },
		{ "backing", 1, 0, 'b' },      { "pin", 0, 0, 'p' },	       { "remote", 0, 0, 'r' },
		{ "spinner", 0, 0, 's' },      { "contender", 0, 0, 'c' },     { "op", 1, 0, 'O' },
		{ "op-off", 1, 0, 'f' },       { "op-len", 1, 0, 'l' },	       { "repeat", 1, 0, 'R' },
		{ "target-node", 1, 0, 'T' },  { "scan-passes", 1, 0, 'S' },   { "passes-after", 1, 0, 'A' },
		{ "timeout", 1, 0, 't' },      { "trace-ranges", 0, 0, 'x' },  { "raw-trace", 0, 0, 'X' },
		{ 0, 0, 0, 0 },
	};
	int c;
	memset(o, 0, sizeof(*o));
	o->repeat = 1;
	o->passes_after = 1;
	o->op = "numa_balancing";
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'n': o->name = optarg; break;
		case 'o': o->out = optarg; break;
		case 'm': o->mib = strtoul(optarg, NULL, 0); break;
		case 'b':
			o->backing = !strcmp(optarg, "thp") ? BACK_THP : !strcmp(optarg, "memfd") ? BACK_MEMFD : BACK_4K;
			break;
		case 'p': o->pin = 1; break;
		case 'r': o->remote = 1; break;
		case 's': o->spinner = 1; break;
		case 'c': o->contender = 1; break;
		case 'O': o->op = optarg; break;
		case 'f': o->op_off_mib = strtoul(optarg, NULL, 0); break;
		case 'l': o->op_len_mib = strtoul(optarg, NULL, 0); break;
		case 'R': o->repeat = atoi(optarg); break;
		case 'T': o->target_node = atoi(optarg); break;
		case 'S': o->scan_passes = atoi(optarg); break;
		case 'A': o->passes_after = atoi(optarg); break;
		case 't': o->timeout_s = atof(optarg); break;
		case 'x': o->trace_ranges = 1; break;
		case 'X': o->raw_trace = 1; break;
		default: fprintf(stderr, "oraclevmm: bad option\n"); exit(2);
		}
	}
	if (!o->name || !o->out || !o->mib || o->timeout_s <= 0 || !op_is_known(o->op)) {
		fprintf(stderr, "oraclevmm: need --name, --out, --mib, --timeout and a known --op\n");
		exit(2);
	}
	if (!o->op_len_mib)
		o->op_len_mib = o->mib - o->op_off_mib;
}

static double deadline;
static int timed_out;

/* wait until *counter >= target (or the window's deadline) */
static void wait_for(volatile unsigned long *counter, unsigned long target)
{
	while (__atomic_load_n(counter, __ATOMIC_SEQ_CST) < target) {
		if (now_s() > deadline) {
			timed_out = 1;
			return;
		}
		usleep(20000);
	}
}

static void wait_passes_after(struct vcpu *toucher, int n)
{
	if (n > 0) /* +1: the pass under way when the operation ran is not a full pass after it */
		wait_for(&toucher->passes, toucher->passes + (unsigned long)n + 1);
}

static void window(const struct opts *o, struct region *r, struct vcpu *toucher, struct op_result *res)
{
	if (!strcmp(o->op, "numa_balancing")) {
		long long seq0 = numa_scan_seq();
		if (write_file("/proc/sys/kernel/numa_balancing", "1"))
			fatal("numa_balancing=1");
		while (numa_scan_seq() - seq0 < o->scan_passes && !timed_out) {
			if (now_s() > deadline)
				timed_out = 1;
			usleep(20000);
		}
		if (!timed_out)
			wait_passes_after(toucher, o->passes_after);
		return;
	}
	for (int i = 0; i < o->repeat && !timed_out; i++) {
		op_run(o->op, r, o->op_off_mib * MIB, o->op_len_mib * MIB, o->target_node, res);
		if (!strcmp(o->op, "ksm_merge")) { /* let ksmd scan the merged range twice */
			struct stats k;
			read_ksm(&k);
			long long fs = stats_get(&k, "full_scans");
			while (!timed_out) {
				read_ksm(&k);
				if (stats_get(&k, "full_scans") >= fs + 2)
					break;
				if (now_s() > deadline)
					timed_out = 1;
				usleep(20000);
			}
		}
		wait_passes_after(toucher, o->passes_after);
	}
}

static struct stats vm0, vm1, ks0, ks1, kvm0, kvm1, vc0[3], vc1[3];

int main(int argc, char **argv)
{
	struct opts o;
	struct region r;
	struct vm vm;
	struct measurement m;
	char path[512];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "-C"))
		return kvm_check();
	if (argc == 2 && !strcmp(argv[1], "--trace-init"))
		return trace_init();
	parse(argc, argv, &o);
	memset(&m, 0, sizeof(m));
	m.o = &o;
	m.r = &r;
	m.vm = &vm;
	int home_cpu = 0, other_cpu = 1, mem_node = o.remote ? 1 : 0;
	write_file("/proc/sys/kernel/numa_balancing", "0");
	pin_thread_to_cpu(home_cpu);
	region_create(&r, &o, mem_node);
	if (o.pin)
		region_pin(&r);
	vm_create(&vm, &r, o.op_off_mib * MIB, o.op_len_mib * MIB);
	struct vcpu *toucher = vm_add_vcpu(&vm, ROLE_TOUCHER, home_cpu), *contender = NULL;
	if (o.spinner)
		vm_add_vcpu(&vm, ROLE_SPINNER, other_cpu);
	if (o.contender)
		contender = vm_add_vcpu(&vm, ROLE_CONTENDER, other_cpu);
	op_prepare(o.op, &r);
	trace_setup(&o);
	deadline = now_s() + 120; /* warm-up bound */
	for (int i = 0; i < vm.nvcpu; i++)
		vm_start(&vm.vcpu[i]);
	wait_for(&toucher->passes, 1);
	if (contender)
		wait_for(&contender->passes, 1);
	if (timed_out) {
		fprintf(stderr, "FATAL: warm-up pass did not finish in 120 s\n");
		return 1;
	}
	printf("oraclevmm %s: warm-up done, %s\n", o.name, r.pin_note);

	region_placement(&r, &m.pl_start);
	if (o.raw_trace) {
		snprintf(path, sizeof(path), "%s.vmstat-before.txt", o.out);
		copy_file("/proc/vmstat", path);
	}
	read_vmstat(&vm0);
	read_ksm(&ks0);
	read_kvm_stats(vm.stats_fd, &kvm0);
	for (int i = 0; i < vm.nvcpu; i++)
		read_kvm_stats(vm.vcpu[i].stats_fd, &vc0[i]);
	long long seq0 = numa_scan_seq();
	unsigned long tp0 = toucher->passes, cp0 = contender ? contender->passes : 0;
	trace_window_start();
	double t0 = now_s();
	deadline = t0 + o.timeout_s;

	window(&o, &r, toucher, &m.op);

	read_vmstat(&vm1);
	read_ksm(&ks1);
	read_kvm_stats(vm.stats_fd, &kvm1);
	for (int i = 0; i < vm.nvcpu; i++)
		read_kvm_stats(vm.vcpu[i].stats_fd, &vc1[i]);
	trace_window_end();
	m.elapsed = now_s() - t0;
	m.scan_passes = numa_scan_seq() - seq0;
	m.toucher_passes = toucher->passes - tp0;
	m.contender_passes = contender ? contender->passes - cp0 : 0;
	m.timed_out = timed_out;
	write_file("/proc/sys/kernel/numa_balancing", "0");
	if (!strcmp(o.op, "ksm_merge"))
		write_file("/sys/kernel/mm/ksm/run", "0");
	if (o.raw_trace) {
		static char names[3][600];
		snprintf(names[0], sizeof(names[0]), "%s.vmstat-after.txt", o.out);
		copy_file("/proc/vmstat", names[0]);
		snprintf(names[1], sizeof(names[1]), "%s.trace.txt", o.out);
		trace_save_raw(names[1]);
		snprintf(names[2], sizeof(names[2]), "%s.vmstat-before.txt", o.out);
		for (int i = 0; i < 3; i++)
			m.raw_files[m.nraw++] = strrchr(names[2 - i], '/') ? strrchr(names[2 - i], '/') + 1 : names[2 - i];
	}
	region_placement(&r, &m.pl_end);
	m.vm0 = &vm0, m.vm1 = &vm1, m.ks0 = &ks0, m.ks1 = &ks1, m.kvm0 = &kvm0, m.kvm1 = &kvm1;
	for (int i = 0; i < vm.nvcpu; i++)
		m.vc0[i] = &vc0[i], m.vc1[i] = &vc1[i];
	trace_counts(&m.tp);
	snprintf(path, sizeof(path), "%s.json", o.out);
	write_measurement(path, &m);
	trace_teardown();
	printf("oraclevmm %s: window %.1f s%s, %lld scan passes, %lu toucher passes\n", o.name, m.elapsed,
	       timed_out ? " (timed out)" : "", m.scan_passes, m.toucher_passes);
	fflush(stdout);
	_exit(0); /* also ends the vCPU threads */
}
