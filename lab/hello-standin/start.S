/*
 * TEST STAND-IN, not MirageOS: entry point of hello-standin.xen, a tiny PVH kernel that
 * imitates the console of the MirageOS hello unikernel on Xen (Solo5) for Onramp's lab tests.
 *
 * Xen starts a PVH guest at XEN_ELFNOTE_PHYS32_ENTRY in 32-bit protected mode, paging off,
 * flat segments, %ebx = physical address of struct hvm_start_info. We stay in 32-bit mode.
 */
#define XEN_ELFNOTE_GUEST_OS      6
#define XEN_ELFNOTE_PHYS32_ENTRY 18

.section .note.xen, "a", @note
    .balign 4
    .long 4                       /* name size */
    .long 2f - 1f                 /* desc size */
    .long XEN_ELFNOTE_GUEST_OS
    .asciz "Xen"
1:  .asciz "onramp-hello-standin"
2:  .balign 4
    .long 4
    .long 4
    .long XEN_ELFNOTE_PHYS32_ENTRY
    .asciz "Xen"
    .long _start
    .balign 4

.section .text.entry, "ax"
.code32
.globl _start
_start:
    cli
    cld
    movl $stack_top, %esp
    xorl %ebp, %ebp
    pushl %ebx
    call standin_main
halt:
    hlt
    jmp halt

.section .bss
.balign 4096
.globl hypercall_page
hypercall_page:
    .skip 4096
.globl shared_info_page
shared_info_page:
    .skip 4096
.balign 16
stack_bottom:
    .skip 16384
stack_top:

.section .note.GNU-stack, "", @progbits
