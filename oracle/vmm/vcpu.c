/* The KVM VM: memslot 0 holds the guest code, memslot 1 is the region; vCPU threads that run
 * the toucher (one dword per 4 KiB page of the region, an exit per pass), the spinner (jmp $, in guest
 * mode all the time) and the contender (the toucher's loop over the operation's range only). */
#include "oraclevmm.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define CODE_SIZE 0x10000
#define DATA_GPA 0x10000000u
#define TOUCHER_IP 0x0
#define SPINNER_IP 0x100
#define CONTENDER_IP 0x200
#define TOUCHER_PARAMS 0x1000 /* u32 npages, u32 first GPA */
#define CONTENDER_PARAMS 0x1008
#define PORT_TOUCHER 0x10
#define PORT_CONTENDER 0x11

static char *code;
static int run_size;

const char *role_name(enum vcpu_role role)
{
	return role == ROLE_TOUCHER ? "toucher" : role == ROLE_SPINNER ? "spinner" : "contender";
}

/* 32-bit protected mode, paging off: "again: mov ecx,[params]; mov edi,[params+4];
 * 1: mov [edi],eax; add edi,4096; dec ecx; jnz 1b; out port,al; jmp again". eax stays 0, so every
 * page holds the same bytes (KSM can merge them). A pure store, not a read-modify-write such as
 * "inc [edi]": TCG performs an RMW as a load, then a store, so the nested page fault after a zap would
 * be a read (KVM maps the zero page) followed by a write (COW, one more notifier call per page) —
 * which real hardware, reporting the RMW as one write fault, does not do. */
static void emit_pass_loop(char *at, uint32_t params, uint8_t port)
{
	unsigned char c[] = {
		0x8b, 0x0d, 0, 0, 0, 0,		/* mov ecx, [params] */
		0x8b, 0x3d, 0, 0, 0, 0,		/* mov edi, [params + 4] */
		0x89, 0x07,			/* mov [edi], eax (a pure write: see below) */
		0x81, 0xc7, 0x00, 0x10, 0, 0,	/* add edi, 0x1000 */
		0x49,				/* dec ecx */
		0x75, 0xf5,			/* jnz inc */
		0xe6, port,			/* out port, al */
		0xeb, 0xe5,			/* jmp again */
	};
	uint32_t p4 = params + 4;
	memcpy(c + 2, &params, 4);
	memcpy(c + 8, &p4, 4);
	memcpy(at, c, sizeof(c));
}

void vm_create(struct vm *vm, const struct region *r, size_t contend_off, size_t contend_len)
{
	memset(vm, 0, sizeof(*vm));
	vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->kvm < 0)
		fatal("open /dev/kvm");
	vm->fd = ioctl(vm->kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		fatal("KVM_CREATE_VM");
	run_size = ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	code = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED)
		fatal("mmap guest code");
	emit_pass_loop(code + TOUCHER_IP, TOUCHER_PARAMS, PORT_TOUCHER);
	code[SPINNER_IP] = (char)0xeb; /* jmp $ */
	code[SPINNER_IP + 1] = (char)0xfe;
	emit_pass_loop(code + CONTENDER_IP, CONTENDER_PARAMS, PORT_CONTENDER);
	uint32_t *par = (uint32_t *)(code + TOUCHER_PARAMS);
	par[0] = (uint32_t)(r->len / 4096);
	par[1] = DATA_GPA;
	par[2] = (uint32_t)(contend_len / 4096);
	par[3] = DATA_GPA + (uint32_t)contend_off;
	struct kvm_userspace_memory_region s0 = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = CODE_SIZE, .userspace_addr = (uintptr_t)code };
	struct kvm_userspace_memory_region s1 = {
		.slot = 1, .guest_phys_addr = DATA_GPA, .memory_size = r->len,
		.userspace_addr = (uintptr_t)r->base };
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &s0) || ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &s1))
		fatal("KVM_SET_USER_MEMORY_REGION");
	vm->stats_fd = ioctl(vm->fd, KVM_GET_STATS_FD, 0);
}

struct vcpu *vm_add_vcpu(struct vm *vm, enum vcpu_role role, int cpu)
{
	struct vcpu *v = &vm->vcpu[vm->nvcpu];
	memset(v, 0, sizeof(*v));
	v->role = role;
	v->cpu = cpu;
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, vm->nvcpu);
	if (v->fd < 0)
		fatal("KVM_CREATE_VCPU");
	vm->nvcpu++;
	v->run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		fatal("mmap kvm_run");
	struct kvm_sregs sr;
	if (ioctl(v->fd, KVM_GET_SREGS, &sr))
		fatal("KVM_GET_SREGS");
	struct kvm_segment flat = { .base = 0, .limit = 0xffffffff, .selector = 8, .type = 11,
				    .present = 1, .dpl = 0, .db = 1, .s = 1, .l = 0, .g = 1 };
	sr.cs = flat;
	flat.type = 3;
	flat.selector = 16;
	sr.ds = sr.es = sr.fs = sr.gs = sr.ss = flat;
	sr.cr0 = (sr.cr0 | 1) & ~(1UL << 31); /* protected mode, paging off */
	sr.cr4 = 0;
	sr.efer = 0;
	if (ioctl(v->fd, KVM_SET_SREGS, &sr))
		fatal("KVM_SET_SREGS");
	struct kvm_regs rg = { .rflags = 2, .rsp = 0x8000 };
	rg.rip = role == ROLE_TOUCHER ? TOUCHER_IP : role == ROLE_SPINNER ? SPINNER_IP : CONTENDER_IP;
	if (ioctl(v->fd, KVM_SET_REGS, &rg))
		fatal("KVM_SET_REGS");
	v->stats_fd = ioctl(v->fd, KVM_GET_STATS_FD, 0);
	return v;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	unsigned odd = 0;
	pin_thread_to_cpu(v->cpu);
	for (;;) {
		v->entered = 1;
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EFAULT) { /* the hva is unmapped for a moment (munmap, mremap, mprotect) */
				v->efaults++;
				usleep(1000);
				continue;
			}
			fprintf(stderr, "%s KVM_RUN: %s\n", role_name(v->role), strerror(errno));
			exit(1);
		}
		struct kvm_run *r = v->run;
		if (r->exit_reason == KVM_EXIT_IO &&
		    (r->io.port == PORT_TOUCHER || r->io.port == PORT_CONTENDER)) {
			__atomic_add_fetch(&v->passes, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		if (r->exit_reason == KVM_EXIT_INTR)
			continue;
		if (odd++ < 4)
			fprintf(stderr, "%s: exit_reason=%u\n", role_name(v->role), r->exit_reason);
		if (r->exit_reason == KVM_EXIT_SHUTDOWN || r->exit_reason == KVM_EXIT_FAIL_ENTRY ||
		    r->exit_reason == KVM_EXIT_INTERNAL_ERROR) {
			fprintf(stderr, "FATAL: %s vCPU stopped (exit_reason %u)\n", role_name(v->role), r->exit_reason);
			exit(1);
		}
	}
	return NULL;
}

void vm_start(struct vcpu *v)
{
	pthread_t th;
	if (pthread_create(&th, NULL, vcpu_thread, v))
		fatal("pthread_create");
	while (!v->entered)
		usleep(1000);
}

int kvm_check(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		fatal("open /dev/kvm");
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		fatal("KVM_CREATE_VM");
	if (ioctl(vm, KVM_CREATE_VCPU, 0) < 0)
		fatal("KVM_CREATE_VCPU");
	printf("kvm ok: api %d, binary stats %d\n", ioctl(kvm, KVM_GET_API_VERSION, 0),
	       ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_BINARY_STATS_FD));
	return 0;
}
