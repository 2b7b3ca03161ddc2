//! Opening an input: a path, `-` for stdin, gzip recognised by its magic bytes, not its name.
//! The only I/O in `pubmed`; everything else here takes a `BufRead`.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

const BUF: usize = 1 << 20;

/// Open `path` (or stdin for `-`) as a buffered reader, decompressing gzip transparently.
pub fn open_input(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    from_reader(raw)
}

/// Wrap any reader the way `open_input` does: sniff the gzip magic, buffer generously.
pub fn from_reader(raw: Box<dyn Read + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    let mut buffered = BufReader::with_capacity(BUF, raw);
    let is_gzip = {
        let head = buffered.fill_buf()?;
        head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b
    };
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(buffered)))
    } else {
        Box::new(buffered)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(r: Box<dyn Read + Send>) -> String {
        let mut s = String::new();
        from_reader(r).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn plain_and_gzip_read_the_same() {
        let xml = "<PubmedArticleSet></PubmedArticleSet>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(xml.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(read_all(Box::new(io::Cursor::new(xml.as_bytes().to_vec()))), xml);
        assert_eq!(read_all(Box::new(io::Cursor::new(gz))), xml);
    }

    #[test]
    fn missing_file_is_an_io_error() {
        assert!(open_input(Path::new("/nonexistent/definitely/not.xml")).is_err());
    }
}
