#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers clash with Foundation's own ICU module. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/c14n.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlreader.h>
static inline void qlvb_xmlFree(void *p) { xmlFree(p); }
/* XML_SAX2_MAGIC is an unsigned hex macro that Swift imports with the wrong width. */
static const unsigned int QLVB_XML_SAX2_MAGIC = XML_SAX2_MAGIC;
