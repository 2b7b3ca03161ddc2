//! Tests for the record cursor: mixed-content rendering, entities, subtree skipping.

use super::*;
use crate::pubmed::text::decode_entities;

fn render(xml: &str) -> String {
    let mut c = Cursor::new(xml, 0);
    let el = c.first_element().unwrap().unwrap();
    c.text(&el).unwrap().unwrap_or_default()
}

#[test]
fn mixed_content_renders_readably() {
    let cases = [
        ("<t>p = 10<sup>-5</sup></t>", "p = 10^-5"),
        (
            "<t>H<sub>2</sub>O and <i>in vivo</i>, <b>bold</b> <u>u</u></t>",
            "H2O and in vivo, bold u",
        ),
        ("<t>\n   spread\n   over   lines\n</t>", "spread over lines"),
        (
            "<t>a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &apos;</t>",
            "a < b && c > d \"q\" '",
        ),
        (
            "<t>&#x2212;0.5 and &#8805; 3</t>",
            "\u{2212}0.5 and \u{2265} 3",
        ),
        ("<t>&lol9; stays</t>", "&lol9; stays"),
        (
            "<t><mml:math><mml:mi>x</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn></mml:math></t>",
            "x=2",
        ),
        ("<t>a <i>b</i> c</t>", "a b c"),
        (
            "<t>( <mml:math>\n  <mml:mi>V</mml:mi>\n  <mml:mn>2</mml:mn>\n</mml:math> ) 6</t>",
            "( V2 ) 6",
        ),
        ("<t/>", ""),
        // Multi-byte characters against markup, references and CDATA: text events are slices
        // of the checked record, so each must start and end on a character boundary.
        (
            "<t>α<i>β</i>&#x3b3;δ <![CDATA[ε < ζ]]>η µg/kg</t>",
            "αβγδ ε < ζη µg/kg",
        ),
    ];
    for (xml, want) in cases {
        assert_eq!(render(xml), want, "{xml}");
    }
}

#[test]
fn text_outside_the_record_is_still_checked() {
    let c = Cursor::new("<t>x</t>", 0);
    let elsewhere = "żółw".to_string();
    assert_eq!(c.str_of(elsewhere.as_bytes()).unwrap(), "żółw");
    assert!(c.str_of(&elsewhere.as_bytes()[..1]).is_err());
    assert_eq!(c.str_of(&b"<t>x</t>"[..0]).unwrap(), "");
}

#[test]
fn matching_end_counts_nested_same_name_elements() {
    let cases: [(&str, Option<usize>); 8] = [
        ("<a/></L>", Some(4)),
        ("<L><L>x</L></L>tail</L>", Some(19)),
        ("<L/><LX></LX></L >", Some(13)),
        ("text L </L>", Some(7)),
        ("<xL></xL></L>", Some(9)),
        ("<a k=\"</L\"/></L>", Some(12)),
        ("<L>", None),
        ("", None),
    ];
    for (rest, want) in cases {
        assert_eq!(matching_end(rest.as_bytes(), b"L"), want, "{rest}");
    }
}

#[test]
fn skipping_keeps_positions_and_checks_the_end_tag() {
    let xml = "<r><skip><skip>x</skip><y/></skip><keep>k</keep></r>";
    let mut c = Cursor::new(xml, 1000);
    let r = c.first_element().unwrap().unwrap();
    assert_eq!(r.name(), b"r");
    let s = c.child().unwrap().unwrap();
    c.skip(&s).unwrap();
    assert_eq!(c.position(), 1000 + xml.find("<keep>").unwrap() as u64);
    let k = c.child().unwrap().unwrap();
    assert_eq!(c.text(&k).unwrap().as_deref(), Some("k"));
    assert!(c.child().unwrap().is_none());
    let bad = "<r><skip><y></skip></r>";
    let mut c = Cursor::new(bad, 0);
    c.first_element().unwrap();
    let s = c.child().unwrap().unwrap();
    assert!(
        c.skip(&s).is_ok(),
        "tags inside a skipped subtree are not checked"
    );
    assert!(c.child().unwrap().is_none());
}

#[test]
fn attribute_entities_decode_but_unknown_stay() {
    let cases = [
        ("plain", "plain"),
        ("a &amp; b", "a & b"),
        ("&#x2212;1", "\u{2212}1"),
        ("&foo; &", "&foo; &"),
        ("&#xZZ;", "&#xZZ;"),
    ];
    for (raw, want) in cases {
        assert_eq!(decode_entities(raw), want, "{raw}");
    }
}
