/* ftrace, in three instances of /sys/kernel/tracing so they do not disturb each other:
 *   oracle_counts  hist triggers (keys=common_pid) on the counted events: exact hit counts
 *   oracle_ranges  kvm:kvm_unmap_hva_range into a large ring buffer (case trace_ranges)
 *   oracle_raw     the events a trace importer reads, small buffer, no overwrite (case raw_trace)
 * A trace_marker line "oracle_window_start" in each buffer marks the window's start. */
#include "oraclevmm.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TR "/sys/kernel/tracing"
#define I_COUNTS TR "/instances/oracle_counts"
#define I_RANGES TR "/instances/oracle_ranges"
#define I_RAW TR "/instances/oracle_raw"

static const char *counted[] = {
	"kvm/kvm_unmap_hva_range",	"kvmmmu/kvm_tdp_mmu_spte_changed", "kvmmmu/kvm_mmu_prepare_zap_page",
	"kvmmmu/kvm_mmu_spte_requested", "kvm/kvm_page_fault",		   "kvm/kvm_exit",
	"kvm/kvm_age_hva",		"kvm/kvm_test_age_hva",		   "kvm/kvm_set_spte_hva",
	"migrate/mm_migrate_pages",	"tlb/tlb_flush",		   "sched/sched_move_numa",
	"sched/sched_stick_numa",	"sched/sched_swap_numa",	   "huge_memory/mm_collapse_huge_page",
	"ksm/ksm_merge_one_page",	"ksm/ksm_start_scan",		   "vmscan/mm_vmscan_write_folio",
};
#define NCOUNTED (sizeof(counted) / sizeof(counted[0]))

static const char *raw_events[] = {
	"kvm/kvm_unmap_hva_range", "kvmmmu/kvm_tdp_mmu_spte_changed", "kvm/kvm_page_fault",
	"kvm/kvm_exit",		   "migrate/mm_migrate_pages",	      "sched/sched_move_numa",
	"sched/sched_stick_numa",  "sched/sched_swap_numa",	      "tlb/tlb_flush",
};
#define NRAW (sizeof(raw_events) / sizeof(raw_events[0]))

static int want_ranges, want_raw;
static struct tp_counts saved;
static long long hits0[NCOUNTED];

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void ev_path(char *out, size_t n, const char *inst, const char *ev, const char *file)
{
	snprintf(out, n, "%s/events/%s/%s", inst, ev, file);
}

static long long hist_hits(const char *ev)
{
	char p[256], line[256];
	long long hits = -1;
	ev_path(p, sizeof(p), I_COUNTS, ev, "hist");
	FILE *f = fopen(p, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " Hits: %lld", &hits) == 1)
			break;
	fclose(f);
	return hits;
}

static void set_on(const char *inst, const char *v)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/tracing_on", inst);
	write_file(p, v);
}

static void make_instance(const char *inst, const char *kb, const char *overwrite)
{
	char p[256];
	if (mkdir(inst, 0755) && !exists(inst))
		fatal(inst);
	set_on(inst, "0");
	snprintf(p, sizeof(p), "%s/buffer_size_kb", inst);
	if (write_file(p, kb))
		fatal("buffer_size_kb");
	snprintf(p, sizeof(p), "%s/options/overwrite", inst);
	write_file(p, overwrite);
}

static void enable(const char *inst, const char *const *evs, unsigned n, const char *file, const char *val)
{
	char p[256];
	for (unsigned i = 0; i < n; i++) {
		ev_path(p, sizeof(p), inst, evs[i], file);
		if (exists(p) && write_file(p, val))
			fprintf(stderr, "tracefs: %s %s=%s failed\n", evs[i], file, val);
	}
}

/* oraclevmm --trace-init, once per boot from L2's init. */
int trace_init(void)
{
	if (!exists(TR "/instances"))
		fatal(TR " not mounted");
	make_instance(I_COUNTS, "64", "1");
	enable(I_COUNTS, counted, NCOUNTED, "trigger", "hist:keys=common_pid");
	make_instance(I_RANGES, "8192", "1");
	enable(I_RANGES, counted, 1, "enable", "1");
	make_instance(I_RAW, "40", "0");
	enable(I_RAW, raw_events, NRAW, "enable", "1");
	printf("tracefs: instances oracle_counts, oracle_ranges, oracle_raw ready\n");
	return 0;
}

/* The instances, their events and the hist triggers are set up once per boot (trace_init): switching tracepoints on and off patches kernel text, and live text patching
 * under multi-threaded TCG crashed L2 now and then. Per case only buffers and tracing_on change. */
void trace_setup(const struct opts *o)
{
	want_ranges = o->trace_ranges && exists(I_RANGES);
	want_raw = o->raw_trace && exists(I_RAW);
	if (!exists(I_COUNTS))
		fprintf(stderr, "no %s: tracepoint counts will be null\n", I_COUNTS);
	if (want_ranges)
		write_file(I_RANGES "/trace", ""); /* O_TRUNC clears the buffer */
	if (want_raw)
		write_file(I_RAW "/trace", "");
}

static void mark_and_start(const char *inst)
{
	char p[256];
	set_on(inst, "1");
	snprintf(p, sizeof(p), "%s/trace_marker", inst);
	write_file(p, "oracle_window_start");
}

void trace_window_start(void)
{
	for (unsigned i = 0; i < NCOUNTED; i++)
		hits0[i] = hist_hits(counted[i]);
	if (want_ranges)
		mark_and_start(I_RANGES);
	if (want_raw)
		mark_and_start(I_RAW);
}

void trace_window_end(void)
{
	if (want_ranges)
		set_on(I_RANGES, "0");
	if (want_raw)
		set_on(I_RAW, "0");
	saved.n = 0;
	for (unsigned i = 0; i < NCOUNTED && saved.n < MAX_TP; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s", counted[i]);
		*strchr(name, '/') = ':';
		snprintf(saved.name[saved.n], sizeof(saved.name[0]), "%s", name);
		long long h = hist_hits(counted[i]);
		saved.hits[saved.n++] = h < 0 || hits0[i] < 0 ? -1 : h - hits0[i];
	}
}

void trace_counts(struct tp_counts *c) { *c = saved; }

/* "<task>-<pid> [cpu] flags  123.456789: event: ..." -> seconds */
static int line_time(const char *line, double *t)
{
	const char *c = strstr(line, "]");
	if (!c)
		return 0;
	for (c++; *c; c++)
		if (*c >= '0' && *c <= '9') {
			char *end;
			double v = strtod(c, &end);
			if (*end == ':') {
				*t = v;
				return 1;
			}
			c = end;
		}
	return 0;
}

long trace_write_ranges(FILE *out)
{
	char line[512];
	double t0 = -1, t;
	int first = 1;
	long lost = 0;
	FILE *f = fopen(I_RANGES "/trace", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !line_time(line, &t))
			continue;
		if (strstr(line, "oracle_window_start")) {
			t0 = t;
			continue;
		}
		const char *m = strstr(line, "unmap range:");
		unsigned long long s, e;
		if (!m || sscanf(m, "unmap range: %llx -- %llx", &s, &e) != 2)
			continue;
		fprintf(out, "%s\n    {\"t_us\": %lld, \"start\": %llu, \"end\": %llu}", first ? "" : ",",
			t0 < 0 ? 0LL : (long long)((t - t0) * 1e6 + 0.5), s, e);
		first = 0;
	}
	fclose(f);
	for (int cpu = 0; cpu < 64; cpu++) {
		char p[128];
		snprintf(p, sizeof(p), I_RANGES "/per_cpu/cpu%d/stats", cpu);
		FILE *s = fopen(p, "r");
		if (!s)
			break;
		long v;
		while (fgets(line, sizeof(line), s))
			if (sscanf(line, "overrun: %ld", &v) == 1 || sscanf(line, "dropped events: %ld", &v) == 1)
				lost += v;
		fclose(s);
	}
	return lost;
}

int trace_save_raw(const char *path) { return copy_file(I_RAW "/trace", path); }

void trace_teardown(void)
{
	if (want_ranges)
		set_on(I_RANGES, "0");
	if (want_raw)
		set_on(I_RAW, "0");
}
