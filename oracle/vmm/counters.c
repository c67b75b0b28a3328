/* Counters read at the window's start and end: /proc/vmstat (all of it), KVM binary stats through
 * KVM_GET_STATS_FD (histograms summed), the files of /sys/kernel/mm/ksm, and mm->numa_scan_seq from
 * /proc/self/sched (the NUMA scan passes completed over this mm). */
#include "oraclevmm.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void add(struct stats *s, const char *name, long long v)
{
	if (s->n >= MAX_STATS)
		return;
	size_t k = strlen(name) < sizeof(s->name[0]) - 1 ? strlen(name) : sizeof(s->name[0]) - 1;
	memcpy(s->name[s->n], name, k);
	s->name[s->n][k] = 0;
	s->val[s->n++] = v;
}

long long stats_get(const struct stats *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return s->val[i];
	return -1;
}

void read_vmstat(struct stats *s)
{
	char name[128];
	long long v;
	s->n = 0;
	FILE *f = fopen("/proc/vmstat", "r");
	if (!f)
		fatal("/proc/vmstat");
	while (fscanf(f, "%127s %lld", name, &v) == 2)
		add(s, name, v);
	fclose(f);
}

void read_kvm_stats(int fd, struct stats *s)
{
	struct kvm_stats_header h;
	s->n = 0;
	if (fd < 0 || pread(fd, &h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return;
	size_t dsz = sizeof(struct kvm_stats_desc) + h.name_size;
	char *descs = malloc(dsz * h.num_desc);
	if (!descs || pread(fd, descs, dsz * h.num_desc, h.desc_offset) != (ssize_t)(dsz * h.num_desc)) {
		free(descs);
		return;
	}
	for (unsigned i = 0; i < h.num_desc; i++) {
		struct kvm_stats_desc *d = (void *)(descs + i * dsz);
		uint64_t buf[128], sum = 0;
		unsigned n = d->size > 128 ? 128 : d->size;
		if (pread(fd, buf, n * 8, h.data_offset + d->offset) == (ssize_t)(n * 8))
			for (unsigned j = 0; j < n; j++)
				sum += buf[j];
		add(s, d->name, (long long)sum);
	}
	free(descs);
}

void read_ksm(struct stats *s)
{
	s->n = 0;
	DIR *d = opendir("/sys/kernel/mm/ksm");
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[320], buf[64];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", e->d_name);
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		ssize_t k = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (k <= 0)
			continue;
		buf[k] = 0;
		char *end;
		long long v = strtoll(buf, &end, 10);
		if (end != buf && (*end == '\n' || *end == 0))
			add(s, e->d_name, v);
	}
	closedir(d);
}

long long numa_scan_seq(void)
{
	char line[256];
	long long v = -1;
	FILE *f = fopen("/proc/self/sched", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "mm->numa_scan_seq", 17)) {
			char *c = strchr(line, ':');
			if (c)
				v = strtoll(c + 1, NULL, 10);
		}
	fclose(f);
	return v;
}

int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return -errno;
	ssize_t k = write(fd, val, strlen(val));
	int err = k < 0 ? -errno : 0;
	close(fd);
	return err;
}

int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t k;
	if (in < 0 || out < 0)
		return -1;
	while ((k = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)k) != k)
			break;
	close(in);
	close(out);
	return 0;
}
