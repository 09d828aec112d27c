/* www/src/xtermcsp.js: xterm.js under the page's CSP (style-src 'self', no
 * 'unsafe-inline'). xterm 6's DOM renderer makes <style> elements and sets their text
 * (its theme's colours, its row layout, the scrollbar's colours), and writes 24-bit
 * colours as style="" attributes: the CSP blocks all of these, so the terminal would
 * lose its colours and report violations. Here each such <style> becomes a constructed
 * stylesheet (adoptedStyleSheets, which style-src does not govern, as CodeMirror's in
 * editor.js) behind an inert stand-in element, and a style attribute becomes the same
 * declarations through CSSOM (element.style), which the CSP allows. The <style>
 * elements go through xterm's own documentOverride option, and document.createElement
 * is covered while open() runs for Viewport.ts, which takes window.document whatever
 * the option says. The row factory too makes its spans with window.document (it is
 * handed the global, not the override), after open() and before a span is in the
 * page, so a span's setAttribute("style") is CSSOM for every span: only a script can
 * call it, and scripts may use CSSOM anyway, so the CSP's hold on markup (a style
 * attribute in parsed HTML, which never goes through setAttribute) is unchanged.
 * No markup is parsed here and no attribute but a span's style changes meaning. */

/* cspDocument: a Document for xterm's documentOverride; DOC's own methods, bound,
 * except createElement. xterm checks `instanceof Document`, which a Proxy passes. */
export function cspDocument(doc) {
        const createElement = cspCreateElement(doc);
        return new Proxy(doc, {
                get(target, key) {
                        if (key === "createElement")
                                return createElement;
                        const value = target[key];
                        return typeof value === "function" ? value.bind(target) : value;
                },
        });
}

/* openUnderCsp: TERM.open(PARENT) with DOC.createElement covered for the call alone
 * (synchronous: nothing else runs meanwhile). */
export function openUnderCsp(term, parent, doc = parent.ownerDocument) {
        doc.createElement = cspCreateElement(doc);
        try {
                term.open(parent);
        } finally {
                delete doc.createElement;
        }
}

function cspCreateElement(doc) {
        const real = Document.prototype.createElement;
        spanStyleViaCssom(doc.defaultView);
        return function createElement(tag, options) {
                if (String(tag).toLowerCase() === "style")
                        return styleStandIn(doc);
                return real.call(doc, tag, options);
        };
}

/* styleStandIn: a <template> (inert, never rendered) whose textContent is a constructed
 * stylesheet's text; remove() takes the sheet away too. */
function styleStandIn(doc) {
        const el = Document.prototype.createElement.call(doc, "template");
        const sheet = new doc.defaultView.CSSStyleSheet();
        doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
        let text = "";
        Object.defineProperty(el, "textContent", {
                get: () => text,
                set(value) {
                        text = String(value);
                        sheet.replaceSync(text);
                },
        });
        el.remove = function remove() {
                doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
                Element.prototype.remove.call(this);
        };
        return el;
}

/* xterm's DomRendererRowFactory writes rgb colours as span.setAttribute("style", ...). */
function spanStyleViaCssom(win) {
        const proto = win.HTMLSpanElement.prototype;
        if (Object.hasOwn(proto, "setAttribute"))
                return;
        const setAttribute = win.Element.prototype.setAttribute;
        Object.defineProperty(proto, "setAttribute", {
                configurable: true,
                writable: true,
                value: function (name, value) {
                        if (String(name).toLowerCase() === "style")
                                this.style.cssText = String(value);
                        else
                                setAttribute.call(this, name, value);
                },
        });
}
