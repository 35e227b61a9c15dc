// The C target needs one source file; the wrappers are inline in include/CEpoll.h.
