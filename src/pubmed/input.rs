//! Opening an input: a path, `-` for stdin, gzip recognised by its magic bytes, not its name.
//! The only I/O in `pubmed`; everything else here takes a `BufRead`.
//!
//! Gzip is decompressed on its own thread, in blocks handed over through a small bounded
//! channel, so inflating and parsing overlap instead of taking turns on one core.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use flate2::read::MultiGzDecoder;

const BUF: usize = 1 << 20;
/// Decompressed blocks in flight between the inflating thread and the reader.
const BLOCKS_IN_FLIGHT: usize = 4;

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
    if !is_gzip {
        return Ok(Box::new(buffered));
    }
    let (tx, rx) = sync_channel(BLOCKS_IN_FLIGHT);
    let gz = MultiGzDecoder::new(buffered);
    std::thread::Builder::new()
        .name("gunzip".into())
        .spawn(move || inflate(gz, tx))?;
    Ok(Box::new(BlockReader {
        rx,
        block: Vec::new(),
        pos: 0,
    }))
}

/// Runs on the gzip thread; ends at EOF, after an error, or when the reader is dropped.
fn inflate(mut gz: impl Read, tx: SyncSender<io::Result<Vec<u8>>>) {
    loop {
        let mut block = vec![0u8; BUF];
        let mut filled = 0;
        while filled < block.len() {
            match gz.read(&mut block[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            }
        }
        block.truncate(filled);
        let last = filled < BUF;
        if (filled > 0 && tx.send(Ok(block)).is_err()) || last {
            return;
        }
    }
}

/// The receiving end: decompressed blocks as one `BufRead`.
struct BlockReader {
    rx: Receiver<io::Result<Vec<u8>>>,
    block: Vec<u8>,
    pos: usize,
}

impl Read for BlockReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let data = self.fill_buf()?;
        let n = data.len().min(out.len());
        out[..n].copy_from_slice(&data[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for BlockReader {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.block.len() {
            self.pos = 0;
            self.block = match self.rx.recv() {
                Ok(Ok(block)) => block,
                Ok(Err(e)) => return Err(e),
                // The thread has finished: end of input.
                Err(_) => Vec::new(),
            };
        }
        Ok(&self.block[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.block.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read_all(r: Box<dyn Read + Send>) -> io::Result<Vec<u8>> {
        let mut s = Vec::new();
        from_reader(r)?.read_to_end(&mut s)?;
        Ok(s)
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    #[test]
    fn plain_gzip_and_multi_member_gzip_read_the_same() {
        // Larger than several blocks, so block boundaries are crossed.
        let xml: Vec<u8> = (0..300_000u32)
            .flat_map(|i| format!("<a>{i}</a>\n").into_bytes())
            .collect();
        let (first, second) = xml.split_at(xml.len() / 3);
        let mut two_members = gzip(first);
        two_members.extend(gzip(second));
        let cases = [
            ("plain", xml.clone()),
            ("gzip", gzip(&xml)),
            ("two members", two_members),
        ];
        for (what, input) in cases {
            assert_eq!(
                read_all(Box::new(io::Cursor::new(input))).unwrap(),
                xml,
                "{what}"
            );
        }
    }

    #[test]
    fn corrupt_gzip_is_an_io_error_not_a_panic() {
        let mut gz = gzip(&[b'x'; 100_000]);
        let mid = gz.len() / 2;
        gz[mid..].iter_mut().for_each(|b| *b = 0xAA);
        assert!(read_all(Box::new(io::Cursor::new(gz))).is_err());
    }

    #[test]
    fn missing_file_is_an_io_error() {
        assert!(open_input(Path::new("/nonexistent/definitely/not.xml")).is_err());
    }
}
