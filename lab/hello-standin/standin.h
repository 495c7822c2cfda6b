/* TEST STAND-IN, not MirageOS: shared declarations of hello-standin.xen. */
#ifndef STANDIN_H
#define STANDIN_H
#include "xen.h"

int console_init(void);
u32 console_port(void);
u32 console_ring_address(void);
void console_write(const char *s, u32 n);
void put_str(const char *s);
void put_hex(u64 v, int width, int upper);
void put_dec(u32 v, int width);

int clock_init(void);
u64 clock_monotonic_ns(void);
u32 clock_wall_seconds(void);
void clock_sleep_until(u64 deadline);
void put_rfc3339(u32 epoch);

#endif
