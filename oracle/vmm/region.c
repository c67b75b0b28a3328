/* The guest memory region: backing (4K / THP / memfd), placement on a node, io_uring long-term pin,
 * and the page placement query (move_pages with nodes == NULL). */
#include "oraclevmm.h"
#include <errno.h>
#include <linux/io_uring.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int cpu_of_node(int node) { return node; }

void pin_thread_to_cpu(int cpu)
{
	cpu_set_t cs;
	CPU_ZERO(&cs);
	CPU_SET(cpu, &cs);
	if (sched_setaffinity(0, sizeof(cs), &cs))
		fatal("sched_setaffinity");
}

static void advise_backing(struct region *r, char *p, size_t len)
{
	int adv = r->backing == BACK_THP ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;
	if (r->backing != BACK_MEMFD && madvise(p, len, adv))
		fatal("madvise(HUGEPAGE/NOHUGEPAGE)");
}

static void *map_at(struct region *r, void *addr, size_t off, size_t len)
{
	int fixed = addr ? MAP_FIXED : 0;
	if (r->backing == BACK_MEMFD)
		return mmap(addr, len, PROT_READ | PROT_WRITE, MAP_SHARED | fixed, r->memfd, (off_t)off);
	return mmap(addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | fixed, -1, 0);
}

void region_create(struct region *r, const struct opts *o, int mem_node)
{
	memset(r, 0, sizeof(*r));
	r->len = o->mib * MIB;
	r->backing = o->backing;
	r->memfd = -1;
	r->ring = -1;
	snprintf(r->pin_note, sizeof(r->pin_note), "none");
	if (r->backing == BACK_MEMFD) {
		r->memfd = (int)syscall(SYS_memfd_create, "oracle-guest-ram", 0);
		if (r->memfd < 0 || ftruncate(r->memfd, (off_t)r->len))
			fatal("memfd_create/ftruncate");
	}
	/* reserve len + 2 MiB, then map the region 2 MiB aligned inside it (THP needs the alignment) */
	char *raw = mmap(NULL, r->len + PMD_SIZE_BYTES, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		fatal("mmap reserve");
	char *base = (char *)(((uintptr_t)raw + PMD_SIZE_BYTES - 1) & ~(PMD_SIZE_BYTES - 1));
	if (map_at(r, base, 0, r->len) == MAP_FAILED)
		fatal("mmap region");
	r->base = base;
	advise_backing(r, base, r->len);
	/* populate on mem_node: bind while touching, then back to the default policy */
	unsigned long mask = 1UL << mem_node;
	if (syscall(SYS_mbind, base, r->len, MPOL_BIND, &mask, 64, 0))
		fatal("mbind(MPOL_BIND)");
	for (size_t i = 0; i < r->len; i += 4096)
		base[i] = 1;
	if (syscall(SYS_mbind, base, r->len, MPOL_DEFAULT, NULL, 0, 0))
		fatal("mbind(MPOL_DEFAULT)");
}

void region_remap(struct region *r, size_t off, size_t len)
{
	if (map_at(r, r->base + off, off, len) == MAP_FAILED)
		fatal("mmap (remap after munmap)");
	advise_backing(r, r->base + off, len);
}

void region_pin(struct region *r)
{
	struct io_uring_params p;
	memset(&p, 0, sizeof(p));
	r->ring = (int)syscall(__NR_io_uring_setup, 4, &p);
	if (r->ring < 0) {
		snprintf(r->pin_note, sizeof(r->pin_note), "io_uring_setup: %s", strerror(errno));
		return;
	}
	/* one fixed buffer may be at most 1 GiB */
	size_t chunk = 1UL << 30, n = (r->len + chunk - 1) / chunk;
	struct iovec iov[8];
	for (size_t i = 0; i < n && i < 8; i++) {
		iov[i].iov_base = r->base + i * chunk;
		iov[i].iov_len = r->len - i * chunk < chunk ? r->len - i * chunk : chunk;
	}
	if (syscall(__NR_io_uring_register, r->ring, IORING_REGISTER_BUFFERS, iov, (unsigned)n))
		snprintf(r->pin_note, sizeof(r->pin_note), "IORING_REGISTER_BUFFERS: %s", strerror(errno));
	else
		snprintf(r->pin_note, sizeof(r->pin_note), "pinned %zu MiB (io_uring fixed buffers, FOLL_LONGTERM)",
			 r->len / MIB);
}

void region_placement(const struct region *r, struct placement *pl)
{
	size_t n = r->len / 4096;
	void **pages = malloc(n * sizeof(void *));
	int *status = malloc(n * sizeof(int));
	memset(pl, 0, sizeof(*pl));
	if (!pages || !status)
		fatal("malloc");
	for (size_t i = 0; i < n; i++)
		pages[i] = r->base + i * 4096;
	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0) < 0) {
		pl->other = (long)n;
	} else {
		for (size_t i = 0; i < n; i++) {
			if (status[i] == 0)
				pl->node0++;
			else if (status[i] == 1)
				pl->node1++;
			else
				pl->other++;
		}
	}
	free(pages);
	free(status);
}
