//! Words and numbers of a sentence for counting: a tokenizer that keeps "8,282", "2.5" and
//! "twenty-four" whole, and a reader for whole numbers written in digits or in words ("Ninety",
//! "eighty four", "One hundred thirty-five"). Must never read decimals as counts.

/// A token: a word (letters, digits, inner '-', '.', ',' and '\'' kept) or one punctuation mark.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
}

pub(crate) fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let bytes = s.as_bytes();
    // The char at byte `b` and its width; ASCII, nearly all of an abstract, without decoding.
    let char_at = |b: usize| -> Option<(char, usize)> {
        let &x = bytes.get(b)?;
        if x < 0x80 {
            return Some((x as char, 1));
        }
        s[b..].chars().next().map(|c| (c, c.len_utf8()))
    };
    let mut out = Vec::with_capacity(s.len() / 4);
    let mut b = 0;
    while let Some((c, len)) = char_at(b) {
        if c == ' ' || c.is_whitespace() {
            b += len;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok {
                text: &s[b..b + len],
            });
            b += len;
            continue;
        }
        let start = b;
        let (mut prev, mut j) = (c, b + len);
        loop {
            // A run of ASCII letters and digits, the bulk of every word, byte by byte.
            let run = j;
            while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                j += 1;
            }
            if j > run {
                prev = bytes[j - 1] as char;
            }
            let Some((cj, lj)) = char_at(j) else { break };
            // An ASCII char that is neither a letter, a digit nor a joiner ends the word
            // (most words end at a space): no need to look past it.
            if cj.is_ascii() && !matches!(cj, '-' | '.' | ',' | '\'') {
                break;
            }
            let next = char_at(j + lj).map(|n| n.0);
            let joins = matches!(cj, '-' | '.' | ',' | '\'')
                && next.is_some_and(char::is_alphanumeric)
                && (cj != ','
                    || (prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit())));
            if cj.is_alphanumeric() || joins {
                prev = cj;
                j += lj;
            } else {
                break;
            }
        }
        out.push(Tok { text: &s[start..j] });
        b = j;
    }
    out
}

/// The number words below twenty, with their values.
pub(crate) const UNITS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];
/// The tens written as words.
pub(crate) const TENS: &[(&str, u32)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

pub(crate) fn small_word(w: &str) -> Option<u32> {
    // Every number word is 3 ("one") to 13 ("seventy-seven") ASCII letters long; most tokens
    // are rejected by these tests alone (this runs for every token of every sentence).
    if !(3..=13).contains(&w.len())
        || !matches!(
            w.as_bytes()[0] | 0x20,
            b'e' | b'f' | b'n' | b'o' | b's' | b't'
        )
    {
        return None;
    }
    // Compared in lower case in a stack buffer: no allocation, no walk over the tables.
    let mut buf = [0u8; 13];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    if let Some(dash) = lower.iter().position(|&b| b == b'-') {
        let tens = word_value(&lower[..dash]).filter(|v| *v >= 20)?;
        let unit = word_value(&lower[dash + 1..]).filter(|v| *v < 10)?;
        return Some(tens + unit);
    }
    word_value(lower)
}

/// The value of a lower-case word of `UNITS` or `TENS`.
fn word_value(w: &[u8]) -> Option<u32> {
    // A `match` on the bytes (compiled to a switch on length, then compares), checked against
    // the tables by a test.
    Some(match w {
        b"one" => 1,
        b"two" => 2,
        b"three" => 3,
        b"four" => 4,
        b"five" => 5,
        b"six" => 6,
        b"seven" => 7,
        b"eight" => 8,
        b"nine" => 9,
        b"ten" => 10,
        b"eleven" => 11,
        b"twelve" => 12,
        b"thirteen" => 13,
        b"fourteen" => 14,
        b"fifteen" => 15,
        b"sixteen" => 16,
        b"seventeen" => 17,
        b"eighteen" => 18,
        b"nineteen" => 19,
        b"twenty" => 20,
        b"thirty" => 30,
        b"forty" => 40,
        b"fifty" => 50,
        b"sixty" => 60,
        b"seventy" => 70,
        b"eighty" => 80,
        b"ninety" => 90,
        _ => return None,
    })
}

/// A whole number starting at token `i` (digits, "8,282", "Ninety", "eighty four", "One
/// hundred thirty-five"), and the index of the token after it.
pub(crate) fn number_at(toks: &[Tok], i: usize) -> Option<(u32, usize)> {
    let t = toks.get(i)?.text;
    if t.bytes().all(|b| b.is_ascii_digit() || b == b',') && t.as_bytes()[0].is_ascii_digit() {
        if t.contains(',') && !t.split(',').skip(1).all(|g| g.len() == 3) {
            return None;
        }
        // `str::parse` of the digits without the commas, without building that string.
        let mut n: u32 = 0;
        for b in t.bytes().filter(|b| *b != b',') {
            n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
        }
        return Some((n, i + 1));
    }
    let mut value = small_word(t)?;
    let mut j = i + 1;
    let word_is = |j: usize, w: &str| toks.get(j).is_some_and(|t| t.text.eq_ignore_ascii_case(w));
    if word_is(j, "hundred") {
        value *= 100;
        j += 1;
        if word_is(j, "and") && toks.get(j + 1).and_then(|t| small_word(t.text)).is_some() {
            j += 1;
        }
        if let Some(rest) = toks.get(j).and_then(|t| small_word(t.text)) {
            value += rest;
            j += 1;
            if rest >= 20 && rest % 10 == 0 {
                if let Some(u) = toks
                    .get(j)
                    .and_then(|t| small_word(t.text))
                    .filter(|u| *u < 10)
                {
                    value += u;
                    j += 1;
                }
            }
        }
    } else if value >= 20 && value % 10 == 0 {
        // "eighty four"
        if let Some(u) = toks
            .get(j)
            .and_then(|t| small_word(t.text))
            .filter(|u| *u < 10)
        {
            value += u;
            j += 1;
        }
    }
    Some((value, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_as_words_are_read() {
        let cases = [
            ("Ninety children", Some(90)),
            ("twenty-four patients", Some(24)),
            ("eighty four children", Some(84)),
            ("One hundred thirty-five individuals", Some(135)),
            ("one hundred and twenty women", Some(120)),
            ("8,282 children", Some(8282)),
            ("Forty-five", Some(45)),
            ("anyone", None),
        ];
        for (text, want) in cases {
            let toks = tokenize(text);
            assert_eq!(number_at(&toks, 0).map(|x| x.0), want, "{text}");
        }
    }

    /// The tokenizer as first written, over a vector of chars: the fast one must agree.
    fn plain_tokenize(s: &str) -> Vec<Tok<'_>> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            let (b, c) = chars[k];
            if c.is_whitespace() {
                k += 1;
                continue;
            }
            if !c.is_alphanumeric() {
                out.push(Tok {
                    text: &s[b..b + c.len_utf8()],
                });
                k += 1;
                continue;
            }
            let mut j = k + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let joins = matches!(cj, '-' | '.' | ',' | '\'')
                    && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric())
                    && (cj != ','
                        || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()));
                if chars[j].1.is_alphanumeric() || joins {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            out.push(Tok { text: &s[b..end] });
            k = j;
        }
        out
    }

    #[test]
    fn the_byte_tokenizer_agrees_with_the_char_tokenizer() {
        let texts = crate::extract::store_texts_and(&[
            "8,282 and 1,2 and a,b; twenty-four µg·kg−1 Δ 5\u{a0}mg O'Neil é-x 3.5. ,x",
            "",
            "é",
            "a-",
            "-a",
        ]);
        for text in &texts {
            let fast: Vec<&str> = tokenize(text).iter().map(|t| t.text).collect();
            let plain: Vec<&str> = plain_tokenize(text).iter().map(|t| t.text).collect();
            assert_eq!(fast, plain);
        }
    }

    #[test]
    fn word_values_are_the_tables() {
        for (w, v) in UNITS.iter().chain(TENS) {
            assert_eq!(word_value(w.as_bytes()), Some(*v), "{w}");
        }
        assert_eq!(word_value(b"hundred"), None);
        assert_eq!(word_value(b"Ten"), None);
    }
}
