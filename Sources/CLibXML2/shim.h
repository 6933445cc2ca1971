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
#include <libxml/SAX2.h>
#include <string.h>

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

static void convenor_ignore_structured_error(void *context, xmlErrorPtr error) {
    (void)context; (void)error;
}

// A document in memory, read by libxml2 through its I/O callbacks as if from a file: the same path as
// a file's bytes take (libxml2 2.9's "static" memory buffers confuse its SAX validator).
typedef struct {
    const char *bytes;
    int size;
    int offset;
} convenor_memory_source;

static int convenor_memory_read(void *context, char *buffer, int length) {
    convenor_memory_source *source = (convenor_memory_source *)context;
    int count = source->size - source->offset;
    if (count > length) count = length;
    if (count <= 0) return 0;
    memcpy(buffer, source->bytes + source->offset, (size_t)count);
    source->offset += count;
    return count;
}

// The source's owner frees it.
static int convenor_memory_close(void *context) {
    (void)context;
    return 0;
}

// 0 when the document `read` gives (libxml2's I/O read callback, called with `context`) is well-formed
// and valid against `schema`; otherwise libxml2's error number or -1. libxml2's SAX parser with the
// validator plugged in and no handlers of its own, which is what `xmllint --sax --noout --schema` runs:
// nothing is built, no entity is declared or expanded, and no message is kept. The schema is only
// read, so this may run on any thread while others parse; the caller silences the generic error
// function on that thread first.
static inline int convenor_schema_validate_io(xmlSchemaPtr schema, xmlInputReadCallback read, void *context) {
    xmlSAXHandler empty;
    memset(&empty, 0, sizeof(empty));
    empty.initialized = XML_SAX2_MAGIC;
    xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema);
    if (validator == NULL) return -1;
    xmlSchemaSetValidStructuredErrors(validator, convenor_ignore_structured_error, NULL);
    // The parser takes the input buffer and frees it; the caller owns `context`.
    xmlParserInputBufferPtr input = xmlParserInputBufferCreateIO(read, convenor_memory_close, context, XML_CHAR_ENCODING_NONE);
    int result = input == NULL ? -1 : xmlSchemaValidateStream(validator, input, XML_CHAR_ENCODING_NONE, &empty, NULL);
    xmlSchemaFreeValidCtxt(validator);
    return result;
}

#endif
