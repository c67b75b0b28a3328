/* The operations a case performs on the region during the window, one call each (main.c repeats
 * them and waits for the toucher's passes in between). Each names the kernel path it drives. */
#include "oraclevmm.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MPOL_MF_MOVE
#define MPOL_MF_MOVE (1 << 1)
#endif

static const char *known[] = { "numa_balancing", "madvise_dontneed", "mprotect",   "munmap",
			       "mremap",	 "ksm_merge",	     "madv_collapse", "move_pages",
			       "madv_pageout",	 "clear_refs_soft_dirty" };

int op_is_known(const char *op)
{
	for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(op, known[i]))
			return 1;
	return 0;
}

void op_note_error(struct op_result *res, const char *fmt, ...)
{
	va_list ap;
	if (res->nerr >= 16)
		return;
	va_start(ap, fmt);
	vsnprintf(res->errors[res->nerr++], sizeof(res->errors[0]), fmt, ap);
	va_end(ap);
}

static void detail_add(struct op_result *res, const char *name, long v)
{
	for (int i = 0; i < res->ndetail; i++)
		if (!strcmp(res->detail_name[i], name)) {
			res->detail_val[i] += v;
			return;
		}
	if (res->ndetail < 16) {
		snprintf(res->detail_name[res->ndetail], sizeof(res->detail_name[0]), "%s", name);
		res->detail_val[res->ndetail++] = v;
	}
}

static const char *errno_name(int e)
{
	switch (e) {
	case EBUSY: return "-EBUSY";
	case EAGAIN: return "-EAGAIN";
	case ENOMEM: return "-ENOMEM";
	case EFAULT: return "-EFAULT";
	case ENOENT: return "-ENOENT";
	case EACCES: return "-EACCES";
	case EINVAL: return "-EINVAL";
	case EPERM: return "-EPERM";
	case ENODEV: return "-ENODEV";
	case EIO: return "-EIO";
	default: return "-E(other)";
	}
}

static char *scratch; /* mremap's parking place, 2 MiB aligned */

void op_prepare(const char *op, struct region *r)
{
	if (!strcmp(op, "ksm_merge")) {
		write_file("/sys/kernel/mm/ksm/pages_to_scan", "1000");
		write_file("/sys/kernel/mm/ksm/sleep_millisecs", "10");
		if (write_file("/sys/kernel/mm/ksm/run", "1"))
			fprintf(stderr, "ksm run=1 failed\n");
	}
	if (!strcmp(op, "mremap")) {
		char *raw = mmap(NULL, r->len + PMD_SIZE_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (raw == MAP_FAILED)
			fatal("mmap scratch");
		scratch = (char *)(((uintptr_t)raw + PMD_SIZE_BYTES - 1) & ~(PMD_SIZE_BYTES - 1));
	}
}

static void sys_ok(struct op_result *res, long rc, const char *what)
{
	if (rc < 0)
		op_note_error(res, "%s: %s", what, strerror(errno));
}

static void move_range(struct region *r, char *p, size_t len, int node, struct op_result *res)
{
	size_t n = len / 4096;
	void **pages = malloc(n * sizeof(void *));
	int *nodes = malloc(n * sizeof(int)), *status = malloc(n * sizeof(int));
	if (!pages || !nodes || !status)
		fatal("malloc");
	for (size_t i = 0; i < n; i++) {
		pages[i] = p + i * 4096;
		nodes[i] = node;
		status[i] = -1000;
	}
	long rc = syscall(SYS_move_pages, 0, n, pages, nodes, status, MPOL_MF_MOVE);
	if (rc < 0)
		op_note_error(res, "move_pages: %s", strerror(errno));
	else
		detail_add(res, "not_migrated", rc); /* move_pages returns the pages it could not move */
	for (size_t i = 0; i < n; i++) {
		char name[32];
		if (status[i] == node)
			detail_add(res, "on_target_node", 1);
		else if (status[i] >= 0) {
			snprintf(name, sizeof(name), "on_node%d", status[i]);
			detail_add(res, name, 1);
		} else if (status[i] == -1000)
			detail_add(res, "status_not_written", 1); /* move_pages stopped before this page */
		else
			detail_add(res, errno_name(-status[i]), 1);
	}
	(void)r;
	free(pages);
	free(nodes);
	free(status);
}

void op_run(const char *op, struct region *r, size_t off, size_t len, int target_node, struct op_result *res)
{
	char *p = r->base + off;
	res->calls++;
	if (!strcmp(op, "madvise_dontneed")) { /* zap_page_range -> mmu_notifier_invalidate_range_start */
		sys_ok(res, madvise(p, len, MADV_DONTNEED), "madvise(MADV_DONTNEED)");
	} else if (!strcmp(op, "mprotect")) { /* change_protection, MMU_NOTIFY_PROTECTION_VMA */
		sys_ok(res, mprotect(p, len, PROT_READ), "mprotect(PROT_READ)");
		sys_ok(res, mprotect(p, len, PROT_READ | PROT_WRITE), "mprotect(PROT_READ|PROT_WRITE)");
	} else if (!strcmp(op, "munmap")) { /* unmap_region, then fresh memory at the same address */
		sys_ok(res, munmap(p, len), "munmap");
		region_remap(r, off, len);
	} else if (!strcmp(op, "mremap")) { /* move_page_tables notifies the old range, twice */
		char *q = scratch + off;
		if (mremap(p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, q) == MAP_FAILED)
			op_note_error(res, "mremap(away): %s", strerror(errno));
		else if (mremap(q, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, p) == MAP_FAILED)
			fatal("mremap(back)");
	} else if (!strcmp(op, "ksm_merge")) { /* ksmd: write_protect_page, replace_page */
		sys_ok(res, madvise(p, len, MADV_MERGEABLE), "madvise(MADV_MERGEABLE)");
	} else if (!strcmp(op, "madv_collapse")) { /* collapse_huge_page */
		sys_ok(res, madvise(p, len, MADV_HUGEPAGE), "madvise(MADV_HUGEPAGE)");
		sys_ok(res, madvise(p, len, MADV_COLLAPSE), "madvise(MADV_COLLAPSE)");
	} else if (!strcmp(op, "move_pages")) { /* migrate_pages -> try_to_migrate */
		move_range(r, p, len, target_node, res);
	} else if (!strcmp(op, "madv_pageout")) { /* reclaim_pages -> try_to_unmap */
		sys_ok(res, madvise(p, len, MADV_PAGEOUT), "madvise(MADV_PAGEOUT)");
	} else if (!strcmp(op, "clear_refs_soft_dirty")) { /* clear_refs_write, MMU_NOTIFY_SOFT_DIRTY */
		int e = write_file("/proc/self/clear_refs", "4");
		if (e)
			op_note_error(res, "clear_refs: %s", strerror(-e));
	}
}
