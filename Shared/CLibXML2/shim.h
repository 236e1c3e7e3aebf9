#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers clash with Foundation's own ICU module. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlreader.h>
static inline void qlvb_xmlFree(void *p) { xmlFree(p); }
