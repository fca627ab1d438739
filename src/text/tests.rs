use super::*;

fn show(doc: &Document, width: u16) -> Vec<String> {
    doc.layout(width).iter().map(Line::text).collect()
}

#[test]
fn scratch() {
    let src = r#"# Kuril Islands dispute

A *paragraph* with **strong** and ~~strike~~ and `code` and a [link](https://example.com/a) and [another](https://example.com/b) plus [again](https://example.com/a). Also <https://auto.link>. Footnote[^1]. ![alt text](img.png) ![](x.png)

## Lists

- one
- two
  - nested a
  - nested b
    - deep
- [x] done
- [ ] todo

1. first
2. second
3. third
4. 4
5. 5
6. 6
7. 7
8. 8
9. 9
10. ten

> A quote that is long enough to wrap around the edge of the screen.
>
> > Nested quote.
>
> - item in quote

```rust
fn main() { println!("a very long line of code that will not fit in forty columns"); }

	tabbed
```

---

| Name | Age | Comment |
|:-----|----:|:-------:|
| Bob | 12 | likes trains |
| Alice | 103 | a much longer comment that needs wrapping |

<div class="x"><p>Some <b>html</b> &amp; text</p></div>

Line one  
line two <br> line three

[^1]: The footnote text.
"#;
    let doc = Document::markdown(src);
    for l in show(&doc, 40) {
        println!("|{l}|");
    }
    println!("-----");
    for l in show(&doc, 20) {
        println!("|{l}|");
    }
    println!("-----");
    println!("{}", doc.plain_text());
}
