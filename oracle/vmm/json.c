/* The measurement file: everything the VMM saw, as JSON, in the field names of
 * oracle/result.schema.json (the host driver adds the case, the kernel and QEMU). */
#include "oraclevmm.h"
#include <string.h>

static const char *vmstat_always[] = {
	"numa_", "pgmigrate_", "thp_", "nr_tlb_", "ksm", "cow_ksm", "pgsteal_", "pswp", "pgfault",
	"pgmajfault", "nr_anon_pages", "nr_anon_transparent_hugepages", "nr_shmem", "pgscan_", "swap_ra",
};

static int always(const char *name)
{
	for (unsigned i = 0; i < sizeof(vmstat_always) / sizeof(vmstat_always[0]); i++)
		if (!strncmp(name, vmstat_always[i], strlen(vmstat_always[i])))
			return 1;
	return 0;
}

/* filter: 0 all, 1 the vmstat selection (the listed prefixes + every moved event counter) */
static void counters(FILE *f, const char *key, const struct stats *a, const struct stats *b, int filter)
{
	int first = 1;
	fprintf(f, ",\n  \"%s\": {", key);
	for (int i = 0; b && i < b->n; i++) {
		long long after = b->val[i], before = stats_get(a, b->name[i]);
		if (before < 0)
			before = 0;
		if (filter && !always(b->name[i]) && (after == before || !strncmp(b->name[i], "nr_", 3)))
			continue;
		fprintf(f, "%s\n    \"%s\": {\"before\": %lld, \"after\": %lld, \"delta\": %lld}", first ? "" : ",",
			b->name[i], before, after, after - before);
		first = 0;
	}
	fprintf(f, "%s}", first ? "" : "\n  ");
}

static void placement(FILE *f, const char *key, const struct placement *p)
{
	fprintf(f, "\"%s\": {\"node0\": %ld, \"node1\": %ld, \"other\": %ld}", key, p->node0, p->node1, p->other);
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
	fputc('"', f);
}

void write_measurement(const char *path, struct measurement *m)
{
	FILE *f = fopen(path, "w");
	if (!f)
		fatal(path);
	fprintf(f, "{\n  \"region\": {\"start\": %llu, \"end\": %llu}", (unsigned long long)(uintptr_t)m->r->base,
		(unsigned long long)(uintptr_t)(m->r->base + m->r->len));
	fprintf(f, ",\n  \"window\": {\"elapsed_s\": %.3f, \"timed_out\": %s, \"scan_passes\": %lld, "
		   "\"toucher_passes\": %lu, ",
		m->elapsed, m->timed_out ? "true" : "false", m->scan_passes, m->toucher_passes);
	if (m->o->contender)
		fprintf(f, "\"contender_passes\": %lu, ", m->contender_passes);
	fprintf(f, "\"operation_calls\": %d, \"operation_errors\": [", m->op.calls);
	for (int i = 0; i < m->op.nerr; i++) {
		fputs(i ? ", " : "", f);
		json_string(f, m->op.errors[i]);
	}
	fputs("], \"operation_detail\": {", f);
	for (int i = 0; i < m->op.ndetail; i++)
		fprintf(f, "%s\"%s\": %ld", i ? ", " : "", m->op.detail_name[i], m->op.detail_val[i]);
	fputs("}, \"pin\": ", f);
	json_string(f, m->r->pin_note);
	fputs("}", f);
	fputs(",\n  \"placement\": {", f);
	placement(f, "start", &m->pl_start);
	fputs(", ", f);
	placement(f, "end", &m->pl_end);
	fputs("}", f);
	counters(f, "vmstat", m->vm0, m->vm1, 1);
	if (!strcmp(m->o->op, "ksm_merge"))
		counters(f, "ksm", m->ks0, m->ks1, 0);
	counters(f, "kvm_vm", m->kvm0, m->kvm1, 0);
	fputs(",\n  \"kvm_vcpus\": [", f);
	for (int i = 0; i < m->vm->nvcpu; i++) {
		fprintf(f, "%s\n   {\"role\": \"%s\"", i ? "," : "", role_name(m->vm->vcpu[i].role));
		counters(f, "stats", m->vc0[i], m->vc1[i], 0);
		fputs("}", f);
	}
	fputs("]", f);
	fputs(",\n  \"tracepoints\": {", f);
	for (int i = 0; i < m->tp.n; i++) {
		fprintf(f, "%s\n    \"%s\": ", i ? "," : "", m->tp.name[i]);
		if (m->tp.hits[i] < 0)
			fputs("null", f);
		else
			fprintf(f, "%lld", m->tp.hits[i]);
	}
	fputs("\n  }", f);
	if (m->o->trace_ranges) {
		fputs(",\n  \"unmap_ranges\": [", f);
		long lost = trace_write_ranges(f);
		fprintf(f, "\n  ],\n  \"unmap_ranges_lost\": %ld", lost < 0 ? 0 : lost);
	}
	if (m->nraw) {
		fputs(",\n  \"raw_files\": [", f);
		for (int i = 0; i < m->nraw; i++) {
			fputs(i ? ", " : "", f);
			json_string(f, m->raw_files[i]);
		}
		fputs("]", f);
	}
	fputs("\n}\n", f);
	fclose(f);
}
