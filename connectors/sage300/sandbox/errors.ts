// The Web API's error envelope (spec §6.1) and the HTML pages IIS/ASP.NET answer with before or
// around the application (spec §5.4, §6.2): a client must tolerate both.

/** A Web API error; the server turns it into `{"error":{"code","message":{"lang":"en-US","value"}}}`. */
export class SageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message: { lang: 'en-US', value: message } } });
}

export const NOT_FOUND_MESSAGE = 'A Record cannot be found for the specified entity key';

export const notFound = () => new SageError(404, 'RecordNotFound', NOT_FOUND_MESSAGE);

export const invalidParameters = (message: string) => new SageError(400, 'InvalidParameters', message);

export const propertyNotFound = (prop: string, typeName: string) =>
  invalidParameters(`Could not find a property named '${prop}' on type '${typeName}'.`);

export const invalidPayload = (message: string) => new SageError(400, 'InvalidPayload', message);

/** IIS "app pool stopped" page: HTML, not OData JSON. */
export const APP_POOL_STOPPED_HTML =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">\r\n' +
  '<HTML><HEAD><TITLE>Service Unavailable</TITLE>\r\n<META HTTP-EQUIV="Content-Type" Content="text/html; charset=us-ascii"></HEAD>\r\n' +
  '<BODY><h2>Service Unavailable</h2>\r\n<hr><p>HTTP Error 503. The service is unavailable.</p>\r\n</BODY></HTML>\r\n';

/** ASP.NET's yellow screen when a request runs past `executionTimeout` (a page that is too big). */
export const REQUEST_TIMED_OUT_HTML =
  "<!DOCTYPE html>\r\n<html><head><title>Request timed out.</title></head><body bgcolor=\"white\">\r\n" +
  "<span><H1>Server Error in '/Sage300WebApi' Application.<hr width=100% size=1 color=silver></H1>\r\n" +
  '<h2> <i>Request timed out.</i> </h2></span>\r\n' +
  '<b> Exception Details: </b>System.Web.HttpException: Request timed out.<br><br>\r\n</body></html>\r\n';

/** IIS 404 for a path outside the Sage300WebApi application. */
export const IIS_NOT_FOUND_HTML =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
  '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>404 - File or directory not found.</title></head>\r\n' +
  '<body><div id="header"><h1>Server Error</h1></div><div id="content"><fieldset><h2>404 - File or directory not found.</h2>\r\n' +
  '<h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3>\r\n' +
  '</fieldset></div></body></html>\r\n';

/** IIS Windows authentication intercepting the request (mis-configured site, spec §1.2). */
export const IIS_UNAUTHORIZED_HTML =
  '<!DOCTYPE html><html><head><title>401 - Unauthorized: Access is denied due to invalid credentials.</title></head>\r\n' +
  '<body><h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>\r\n' +
  '<h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3></body></html>\r\n';

export const BAD_GATEWAY_HTML =
  '<html><head><title>502 - Web server received an invalid response while acting as a gateway or proxy server.</title></head>' +
  '<body><h2>502 - Web server received an invalid response while acting as a gateway or proxy server.</h2></body></html>\r\n';
