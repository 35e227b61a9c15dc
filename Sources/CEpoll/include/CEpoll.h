// epoll and eventfd for the TCP sweeper. Swift's Glibc module does not export <sys/epoll.h> or
// <sys/eventfd.h>; these thin inline wrappers expose them with plain pointer types, and report the
// layout of `struct epoll_event` (packed on x86-64), so Swift never guesses it.
#ifndef CAMAUDIT_CEPOLL_H
#define CAMAUDIT_CEPOLL_H
#ifdef __linux__
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static inline int camaudit_epoll_create(int flags) { return epoll_create1(flags); }

static inline int camaudit_epoll_add(int epfd, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

static inline int camaudit_epoll_wait(int epfd, void *events, int capacity, int timeout_ms) {
    return epoll_wait(epfd, (struct epoll_event *)events, capacity, timeout_ms);
}

static inline int camaudit_eventfd(unsigned int initial, int flags) { return eventfd(initial, flags); }

static inline size_t camaudit_epoll_event_size(void) { return sizeof(struct epoll_event); }
static inline size_t camaudit_epoll_data_offset(void) { return offsetof(struct epoll_event, data); }

static const uint32_t camaudit_epoll_in = EPOLLIN;
static const uint32_t camaudit_epoll_out = EPOLLOUT;
static const uint32_t camaudit_epoll_err = EPOLLERR;
static const uint32_t camaudit_epoll_hup = EPOLLHUP;
static const uint32_t camaudit_epoll_et = EPOLLET;
#endif
#endif
