/*
 * TEST STAND-IN, not MirageOS: the slice of the Xen guest ABI that hello-standin.xen uses,
 * for a 32-bit PVH guest (hypercalls from 32-bit mode use the compat layouts; writing the
 * hypercall MSR from 32-bit mode latches the 32-bit shared_info layout).
 */
#ifndef STANDIN_XEN_H
#define STANDIN_XEN_H

typedef unsigned char u8;
typedef signed char s8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define HYPERVISOR_memory_op        12
#define HYPERVISOR_sched_op         29
#define HYPERVISOR_event_channel_op 32
#define HYPERVISOR_hvm_op           34

#define XENMEM_add_to_physmap       7
#define XENMAPSPACE_shared_info     0
#define SCHEDOP_yield               0
#define SCHEDOP_shutdown            2
#define SCHEDOP_poll                3
#define SHUTDOWN_poweroff           0
#define EVTCHNOP_send               4
#define HVMOP_get_param             1
#define HVM_PARAM_CONSOLE_PFN       17
#define HVM_PARAM_CONSOLE_EVTCHN    18
#define DOMID_SELF                  0x7FF0U
#define HVM_START_MAGIC             0x336ec578U
#define E820_RAM                    1

struct hvm_start_info {
    u32 magic, version, flags, nr_modules;
    u64 modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
    u32 memmap_entries, reserved;
};

struct hvm_memmap_entry {
    u64 addr, size;
    u32 type, reserved;
};

struct xen_hvm_param {
    u16 domid;
    u16 pad;
    u32 index;
    u64 value;
};

struct xen_add_to_physmap32 {
    u16 domid, size;
    u32 space, idx, gpfn;
};

struct sched_poll32 {
    u32 ports;
    u32 nr_ports;
    u64 timeout;
};

struct xencons_interface {
    char in[1024];
    char out[2048];
    volatile u32 in_cons, in_prod, out_cons, out_prod;
};

struct vcpu_time_info {
    volatile u32 version, pad0;
    volatile u64 tsc_timestamp, system_time;
    volatile u32 tsc_to_system_mul;
    volatile s8 tsc_shift;
    volatile u8 flags, pad1[2];
};

/* compat (32-bit) shared_info: vcpu_info[32] of 64 bytes, time at +32 in each */
#define SHINFO_VCPU0_TIME    32
#define SHINFO_EVTCHN_PENDING 2048
#define SHINFO_WC_VERSION    2304
#define SHINFO_WC_SEC        2308
#define SHINFO_WC_NSEC       2312

extern char hypercall_page[4096];
extern char shared_info_page[4096];

static inline long hypercall(u32 nr, u32 a1, u32 a2, u32 a3)
{
    long ret;
    u32 b = a1, c = a2, d = a3;
    __asm__ volatile("call *%%eax"
                     : "=a"(ret), "+b"(b), "+c"(c), "+d"(d)
                     : "0"(hypercall_page + nr * 32)
                     : "memory", "esi", "edi");
    return ret;
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf), "2"(0));
}

static inline void wrmsr(u32 msr, u64 value)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)value), "d"((u32)(value >> 32)));
}

static inline u64 rdtsc(void)
{
    u32 lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}

#define barrier() __asm__ volatile("" ::: "memory")
#define mb() __asm__ volatile("lock; addl $0,0(%%esp)" ::: "memory")

#endif
