// libmaxminddb (Debian: libmaxminddb-dev) reads MaxMind and DB-IP .mmdb GeoIP databases.
#include <maxminddb.h>
