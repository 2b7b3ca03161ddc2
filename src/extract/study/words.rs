//! Words and numbers of a sentence for counting: a tokenizer that keeps "8,282", "2.5" and
//! "twenty-four" whole, and a reader for whole numbers written in digits or in words ("Ninety",
//! "eighty four", "One hundred thirty-five"). Must never read decimals as counts.

/// A token: a word (letters, digits, inner '-', '.', ',' and '\'' kept) or one punctuation mark.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok<'a> {
    pub text: &'a str,
}

pub(crate) fn tokenize(s: &str) -> Vec<Tok<'_>> {
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
            out.push(Tok { text: &s[b..b + c.len_utf8()] });
            k += 1;
            continue;
        }
        let mut j = k + 1;
        while j < chars.len() {
            let cj = chars[j].1;
            let joins = matches!(cj, '-' | '.' | ',' | '\'')
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric())
                && (cj != ',' || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()));
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

const UNITS: &[(&str, u32)] = &[
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
    ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13),
    ("fourteen", 14), ("fifteen", 15), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18),
    ("nineteen", 19),
];
const TENS: &[(&str, u32)] = &[
    ("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60),
    ("seventy", 70), ("eighty", 80), ("ninety", 90),
];

pub(crate) fn small_word(w: &str) -> Option<u32> {
    // Every number word is 3 ("one") to 13 ("seventy-seven") ASCII letters long; most tokens
    // are rejected by these tests alone (this runs for every token of every sentence).
    if !(3..=13).contains(&w.len()) || !matches!(w.as_bytes()[0] | 0x20, b'e' | b'f' | b'n' | b'o' | b's' | b't') {
        return None;
    }
    if let Some((t, u)) = w.split_once('-') {
        let tens = TENS.iter().find(|x| x.0.eq_ignore_ascii_case(t))?.1;
        let unit = UNITS.iter().find(|x| x.0.eq_ignore_ascii_case(u) && x.1 < 10)?.1;
        return Some(tens + unit);
    }
    UNITS.iter().chain(TENS).find(|x| x.0.eq_ignore_ascii_case(w)).map(|x| x.1)
}

/// A whole number starting at token `i` (digits, "8,282", "Ninety", "eighty four", "One
/// hundred thirty-five"), and the index of the token after it.
pub(crate) fn number_at(toks: &[Tok], i: usize) -> Option<(u32, usize)> {
    let t = toks.get(i)?.text;
    if t.bytes().all(|b| b.is_ascii_digit() || b == b',') && t.as_bytes()[0].is_ascii_digit() {
        if t.contains(',') && !t.split(',').skip(1).all(|g| g.len() == 3) {
            return None;
        }
        return t.replace(',', "").parse().ok().map(|n| (n, i + 1));
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
                if let Some(u) = toks.get(j).and_then(|t| small_word(t.text)).filter(|u| *u < 10) {
                    value += u;
                    j += 1;
                }
            }
        }
    } else if value >= 20 && value % 10 == 0 {
        // "eighty four"
        if let Some(u) = toks.get(j).and_then(|t| small_word(t.text)).filter(|u| *u < 10) {
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

}
