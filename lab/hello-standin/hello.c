/*
 * TEST STAND-IN, not MirageOS: hello-standin.xen prints what the MirageOS hello unikernel
 * prints on Xen (Solo5 preamble, four "[INFO] [application] hello" lines one second apart,
 * "Solo5: solo5_exit(0) called") and powers off. Built with -DSTANDIN_SILENT it prints
 * nothing and idles until destroyed (for deadline tests).
 */
#include "standin.h"

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _end[];

static int hypercall_page_init(void)
{
    u32 a, b, c, d;
    for (u32 base = 0x40000000; base < 0x40010000; base += 0x100) {
        cpuid(base, &a, &b, &c, &d);
        /* "XenVMMXenVMM" */
        if (b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e && a >= base + 2) {
            cpuid(base + 2, &a, &b, &c, &d);
            wrmsr(b, (u32)hypercall_page);
            return 0;
        }
    }
    return -1;
}

static u32 memory_end(const struct hvm_start_info *si)
{
    if (si->magic == HVM_START_MAGIC && si->version >= 1 && si->memmap_paddr) {
        const struct hvm_memmap_entry *e = (const struct hvm_memmap_entry *)(u32)si->memmap_paddr;
        for (u32 i = 0; i < si->memmap_entries; i++)
            if (e[i].type == E820_RAM && e[i].addr <= 0x100000 && e[i].addr + e[i].size > 0x100000)
                return (u32)(e[i].addr + e[i].size);
    }
    return 32u << 20;
}

static void region(const char *label, u32 start, u32 end)
{
    put_str("Solo5: ");
    put_str(label);
    put_str(" @ (0x");
    put_hex(start, 0, 0);
    put_str(" - 0x");
    put_hex(end - 1, 0, 0);
    put_str(")\n");
}

static void __attribute__((unused)) preamble(const struct hvm_start_info *si)
{
    u32 mem = memory_end(si);
    put_str("Solo5: Xen console: port 0x");
    put_hex(console_port(), 0, 0);
    put_str(", ring @0x");
    put_hex(console_ring_address(), 16, 1);
    put_str("\n");
    put_str("            |      ___|\n"
            "  __|  _ \\  |  _ \\ __ \\\n"
            "\\__ \\ (   | | (   |  ) |\n"
            "____/\\___/ _|\\___/____/\n");
    put_str("Solo5: Bindings version v0.12.1-onramp-hello-standin\n");
    put_str("Solo5: Memory map: ");
    put_dec(mem >> 20, 0);
    put_str(" MB addressable:\n");
    region("  reserved", 0, 0x100000);
    region("      text", (u32)_stext, (u32)_etext);
    region("    rodata", (u32)_srodata, (u32)_erodata);
    region("      data", (u32)_sdata, (u32)_end);
    put_str("Solo5:       heap >= 0x");
    put_hex((u32)_end, 0, 0);
    put_str(" < stack < 0x");
    put_hex(mem, 0, 0);
    put_str("\n");
}

static void poweroff(void)
{
    u32 reason = SHUTDOWN_poweroff;
    for (;;)
        hypercall(HYPERVISOR_sched_op, SCHEDOP_shutdown, (u32)&reason, 0);
}

void standin_main(const struct hvm_start_info *si)
{
    if (hypercall_page_init() != 0)
        return;
    if (console_init() != 0 || clock_init() != 0)
        poweroff();
#ifdef STANDIN_SILENT
    (void)si;
    for (;;)
        clock_sleep_until(clock_monotonic_ns() + 60ULL * 1000000000ULL);
#else
    preamble(si);
    u64 next = clock_monotonic_ns();
    for (int i = 0; i < 4; i++) {
        put_rfc3339(clock_wall_seconds());
        put_str(": [INFO] [application] hello\n");
        next += 1000000000ULL;
        clock_sleep_until(next);
    }
    put_str("Solo5: solo5_exit(0) called\n");
    poweroff();
#endif
}
