#ifndef CONVENOR_CLIBXML2_SHIM_H
#define CONVENOR_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its headers then pull ICU's UErrorCode into this module, which
// clashes with Foundation's copy on clean builds. Convenor needs no ICU from libxml2.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
#include <libxml/parserInternals.h>

// xmlFree is a mutable global function pointer, which Swift 6 rejects as unsafe; call it here.
static inline void convenor_xml_free(void *pointer) { xmlFree(pointer); }

// Refuses every external entity, DTD or schema import: a portfolio never needs one.
static xmlParserInputPtr convenor_refuse_external_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static inline void convenor_install_entity_loader(void) {
    xmlSetExternalEntityLoader(convenor_refuse_external_entity);
}

// libxml2 prints some complaints straight to stderr through its generic error function; Convenor
// reports every problem itself. The function is per thread, so readers call this before reading.
static void convenor_silent_generic_error(void *context, const char *message, ...) {
    (void)context; (void)message;
}

static inline void convenor_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, convenor_silent_generic_error);
}

#endif
