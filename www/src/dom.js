/* www/src/dom.js: the one way this page makes elements. Strings become Text nodes
 * (append) or attribute values, never markup: a program's output is shown exactly as
 * printed and cannot become HTML. Nothing here uses innerHTML, and the page's CSP
 * (require-trusted-types-for 'script') makes sure nothing else does either. */

/* h("p", {class: "x", onclick: f}, "text", child...) */
export function h(tag, props = {}, ...children) {
        const el = document.createElement(tag);
        for (const [key, value] of Object.entries(props)) {
                if (value === null || value === undefined || value === false)
                        continue;
                if (key.startsWith("on"))
                        el.addEventListener(key.slice(2), value);
                else
                        el.setAttribute(key === "className" ? "class" : key, value === true ? "" : String(value));
        }
        for (const child of children.flat())
                if (child !== null && child !== undefined && child !== false)
                        el.append(child);
        return el;
}

let ids = 0;

/* uid: a fresh id for aria-labelledby pairs. */
export function uid(base) {
        return `${base}-${++ids}`;
}
