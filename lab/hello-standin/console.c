/*
 * TEST STAND-IN, not MirageOS: output through the Xen PV console ring of hello-standin.xen,
 * so that `xl create -c`, `xl console` and xenconsoled's guest log all show it.
 */
#include "standin.h"

static struct xencons_interface *ring;
static u32 port;

int console_init(void)
{
    struct xen_hvm_param p = { .domid = DOMID_SELF, .index = HVM_PARAM_CONSOLE_PFN };
    if (hypercall(HYPERVISOR_hvm_op, HVMOP_get_param, (u32)&p, 0) != 0)
        return -1;
    ring = (struct xencons_interface *)(u32)(p.value << 12);
    p.index = HVM_PARAM_CONSOLE_EVTCHN;
    p.value = 0;
    if (hypercall(HYPERVISOR_hvm_op, HVMOP_get_param, (u32)&p, 0) != 0)
        return -1;
    port = (u32)p.value;
    return 0;
}

u32 console_port(void) { return port; }
u32 console_ring_address(void) { return (u32)ring; }

static void notify(void)
{
    u32 send = port;
    hypercall(HYPERVISOR_event_channel_op, EVTCHNOP_send, (u32)&send, 0);
}

void console_write(const char *s, u32 n)
{
    u32 sent = 0;
    while (sent < n) {
        u32 cons = ring->out_cons;
        u32 prod = ring->out_prod;
        mb();
        while (sent < n && prod - cons < sizeof(ring->out)) {
            ring->out[prod & (sizeof(ring->out) - 1)] = s[sent++];
            prod++;
        }
        mb();
        ring->out_prod = prod;
        notify();
        if (sent < n)
            hypercall(HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
    }
}

void put_str(const char *s)
{
    u32 n = 0;
    while (s[n])
        n++;
    console_write(s, n);
}

void put_hex(u64 v, int width, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char buf[17];
    int i = 16, n = 0;
    do {
        buf[--i] = digits[v & 15];
        v >>= 4;
        n++;
    } while (v && i > 0);
    while (n < width && i > 0) {
        buf[--i] = '0';
        n++;
    }
    console_write(buf + i, (u32)(16 - i));
}

void put_dec(u32 v, int width)
{
    char buf[11];
    int i = 10, n = 0;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
        n++;
    } while (v);
    while (n < width && i > 0) {
        buf[--i] = '0';
        n++;
    }
    console_write(buf + i, (u32)(10 - i));
}
