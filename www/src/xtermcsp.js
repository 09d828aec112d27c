/* www/src/xtermcsp.js: xterm.js under the page's CSP (style-src 'self', no
 * 'unsafe-inline'). xterm 6's DOM renderer makes <style> elements and sets their text
 * (its theme's colours, its row layout, the scrollbar's colours), and writes 24-bit
 * colours as style="" attributes: the CSP blocks all of these, so the terminal would
 * lose its colours and report violations. Here each such <style> becomes a constructed
 * stylesheet (adoptedStyleSheets, which style-src does not govern, as CodeMirror's in
 * editor.js) behind an inert stand-in element, and a style attribute becomes the same
 * declarations through CSSOM (element.style), which the CSP allows. It goes through
 * xterm's own documentOverride option; only Viewport.ts, which takes window.document
 * whatever the option says, needs document.createElement covered while open() runs.
 * It never loosens anything: no markup is parsed and no attribute but style changes. */

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
        return function createElement(tag, options) {
                const name = String(tag).toLowerCase();
                if (name === "style")
                        return styleStandIn(doc);
                const el = real.call(doc, tag, options);
                if (name === "span")
                        el.setAttribute = styleAttributeViaCssom;
                return el;
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

/* xterm's DomRendererRowFactory writes rgb colours as setAttribute("style", ...). */
function styleAttributeViaCssom(name, value) {
        if (String(name).toLowerCase() === "style")
                this.style.cssText = String(value);
        else
                Element.prototype.setAttribute.call(this, name, value);
}
