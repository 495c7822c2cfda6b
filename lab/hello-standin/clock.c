/*
 * TEST STAND-IN, not MirageOS: time for hello-standin.xen from the Xen pvclock
 * (vcpu_time_info in the shared info page) and the Xen wallclock (wc_sec/wc_nsec).
 */
#include "standin.h"

static char *shinfo;

int clock_init(void)
{
    struct xen_add_to_physmap32 x = {
        .domid = DOMID_SELF, .size = 0, .space = XENMAPSPACE_shared_info,
        .idx = 0, .gpfn = (u32)shared_info_page >> 12,
    };
    if (hypercall(HYPERVISOR_memory_op, XENMEM_add_to_physmap, (u32)&x, 0) != 0)
        return -1;
    shinfo = shared_info_page;
    return 0;
}

/* Nanoseconds since the domain's system time origin (pvclock algorithm). */
u64 clock_monotonic_ns(void)
{
    volatile struct vcpu_time_info *t = (volatile struct vcpu_time_info *)(shinfo + SHINFO_VCPU0_TIME);
    u32 version, mul;
    u64 stamp, system, delta;
    s8 shift;
    do {
        version = t->version;
        mb();
        stamp = t->tsc_timestamp;
        system = t->system_time;
        mul = t->tsc_to_system_mul;
        shift = t->tsc_shift;
        mb();
    } while ((version & 1) || version != t->version);
    delta = rdtsc() - stamp;
    if (shift >= 0)
        delta <<= shift;
    else
        delta >>= -shift;
    return system + (((u64)(u32)delta * mul) >> 32) + (delta >> 32) * mul;
}

/* Seconds since the epoch: the Xen wallclock plus system time, 0 when Xen has none. */
u32 clock_wall_seconds(void)
{
    volatile u32 *version = (volatile u32 *)(shinfo + SHINFO_WC_VERSION);
    volatile u32 *sec = (volatile u32 *)(shinfo + SHINFO_WC_SEC);
    volatile u32 *nsec = (volatile u32 *)(shinfo + SHINFO_WC_NSEC);
    u32 v, s, ns;
    do {
        v = *version;
        mb();
        s = *sec;
        ns = *nsec;
        mb();
    } while ((v & 1) || v != *version);
    u64 total_ns = (u64)ns + clock_monotonic_ns();
    u32 whole = 0;
    /* divide by 1e9 without libgcc: subtract in big steps */
    while (total_ns >= 1000000000ULL * 1024) {
        total_ns -= 1000000000ULL * 1024;
        whole += 1024;
    }
    while (total_ns >= 1000000000ULL) {
        total_ns -= 1000000000ULL;
        whole++;
    }
    return s + whole;
}

/* Sleep until the monotonic clock reaches `deadline`, blocking in Xen between checks. */
void clock_sleep_until(u64 deadline)
{
    u32 port = console_port();
    while (clock_monotonic_ns() < deadline) {
        struct sched_poll32 poll = { .ports = (u32)&port, .nr_ports = 1, .timeout = deadline };
        volatile u8 *pending = (volatile u8 *)(shinfo + SHINFO_EVTCHN_PENDING + port / 8);
        __asm__ volatile("lock; andb %1, %0" : "+m"(*pending) : "r"((u8)~(1u << (port % 8))) : "memory");
        if (hypercall(HYPERVISOR_sched_op, SCHEDOP_poll, (u32)&poll, 0) != 0)
            hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    }
}

static int leap(u32 y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* RFC 3339 as Mirage's logs reporter prints it on Xen (no local offset known: -00:00). */
void put_rfc3339(u32 epoch)
{
    static const u8 mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    u32 days = epoch / 86400, rem = epoch % 86400;
    u32 year = 1970, month = 0;
    while (days >= (leap(year) ? 366u : 365u)) {
        days -= leap(year) ? 366u : 365u;
        year++;
    }
    for (;;) {
        u32 md = mdays[month] + (month == 1 && leap(year) ? 1u : 0u);
        if (days < md)
            break;
        days -= md;
        month++;
    }
    put_dec(year, 4); put_str("-"); put_dec(month + 1, 2); put_str("-"); put_dec(days + 1, 2);
    put_str("T"); put_dec(rem / 3600, 2); put_str(":"); put_dec(rem / 60 % 60, 2); put_str(":");
    put_dec(rem % 60, 2); put_str("-00:00");
}
