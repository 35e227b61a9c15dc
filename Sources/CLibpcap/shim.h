// libpcap for CamAuditTraffic: captures are read through the system library (Debian libpcap-dev)
// so every format and link type libpcap knows (pcap, pcapng, nanosecond pcap) is handled the same way.
#ifndef CAMAUDIT_CLIBPCAP_H
#define CAMAUDIT_CLIBPCAP_H
#include <pcap/pcap.h>
#endif
