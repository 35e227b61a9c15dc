// libpcap for CamAuditTraffic: captures are read through the system library (Debian libpcap-dev)
// so every format and link type libpcap knows (pcap, pcapng, nanosecond pcap) is handled the same way.
#ifndef CAMAUDIT_CLIBPCAP_H
#define CAMAUDIT_CLIBPCAP_H
#include <pcap/pcap.h>
// __fsetlocking: the capture file is read by one thread at a time, so stdio need not lock it per read.
#include <stdio_ext.h>
#endif
