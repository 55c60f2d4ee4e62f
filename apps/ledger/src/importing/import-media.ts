/** The upload is read as it arrives, never held whole: these types reach the controller as a stream. */
export const IMPORT_MEDIA_TYPES = ['application/x-ndjson', 'text/csv'];
export const IMPORT_ROUTE = '/v1/imports';
/** What a body of any other type sent to the import is told, whatever it holds. */
export const IMPORT_MEDIA_TYPE_DETAIL = 'send application/x-ndjson or text/csv';
