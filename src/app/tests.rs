//! `App::update` from the outside: scripted actions, and the state they leave.

use super::*;
use crate::action::Batch;
use std::path::PathBuf;

fn options() -> Options {
    Options::default()
}

fn bundled() -> Library {
    library::load(&[PathBuf::from("articles")])
}

fn app() -> App {
    let mut app = App::new(bundled(), options());
    app.update(Action::Resize(120, 40));
    app
}

fn titles(app: &App) -> Vec<String> {
    app.visible
        .iter()
        .map(|&i| app.library.articles[i].title().to_string())
        .collect()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

/// Runs the body search the app asked for, as the event loop would, and feeds the results back.
fn run_body_search(app: &mut App) {
    for effect in app.take_effects() {
        if let Effect::SearchBodies {
            generation,
            articles,
            candidates,
            query,
            ..
        } = effect
        {
            let matches: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| {
                    let body = library::read_body(&articles[i]).ok();
                    query.matches(&Subject {
                        article: &articles[i],
                        body: body.as_deref(),
                        read: false,
                        starred: false,
                    })
                })
                .collect();
            app.update(Action::BodyMatches {
                generation,
                matches,
                done: candidates.len(),
            });
            app.update(Action::BodySearchDone { generation });
        }
    }
}

#[test]
fn articles_arriving_in_batches_end_up_as_if_loaded_at_once() {
    let library = bundled();
    let whole = App::new(library.clone(), options());
    let mut app = App::loading(options());
    app.update(Action::Resize(120, 40));
    let (a, b) = library.articles.split_at(2);
    for part in [b, a] {
        app.update(Action::Loaded(Batch {
            articles: part.to_vec(),
            problems: vec![],
        }));
    }
    assert!(app.scan.is_some());
    app.update(Action::ScanDone);
    assert!(app.scan.is_none());
    assert_eq!(titles(&app), titles(&whole));
}

#[test]
fn the_top_stays_selected_while_the_scan_fills_the_list_unless_the_user_moved() {
    let library = bundled();
    let whole = App::new(library.clone(), options());
    let top = titles(&whole)[0].clone();
    // Articles arrive one at a time, the top one last.
    let arrivals: Vec<Article> = {
        let mut all = library.articles.clone();
        all.sort_by_key(|a| a.title() == top);
        all
    };
    let selected = |app: &App| app.selected_article().map(|(_, a)| a.title().to_string());
    let mut app = App::loading(options());
    app.update(Action::Resize(120, 40));
    for article in &arrivals {
        app.update(Action::Loaded(Batch {
            articles: vec![article.clone()],
            problems: vec![],
        }));
    }
    assert_eq!(app.selected, 0);
    assert_eq!(selected(&app), Some(top.clone()));

    // Moved down to an article: it stays selected as others arrive above it.
    let mut app = App::loading(options());
    app.update(Action::Resize(120, 40));
    let (last, first) = arrivals.split_last().unwrap();
    app.update(Action::Loaded(Batch {
        articles: first.to_vec(),
        problems: vec![],
    }));
    app.update(Action::MoveDown);
    let chosen = selected(&app);
    app.update(Action::Loaded(Batch {
        articles: vec![last.clone()],
        problems: vec![],
    }));
    assert_eq!(selected(&app), chosen);
    assert_eq!(app.selected, 2);
}

#[test]
fn the_top_stays_selected_while_body_matches_arrive() {
    let mut app = app();
    app.update(Action::Search);
    type_text(&mut app, "pajon");
    app.update(Action::Submit);
    let generation = app.body_search.as_ref().map(|s| s.generation).unwrap();
    // An article that sorts above every one shown arrives as a body match.
    let above = *app
        .sorted
        .iter()
        .find(|i| !app.visible.contains(i))
        .unwrap();
    assert!(
        app.sorted.iter().position(|&i| i == above)
            < app.sorted.iter().position(|&i| i == app.visible[0])
    );
    app.update(Action::BodyMatches {
        generation,
        matches: vec![above],
        done: 1,
    });
    assert_eq!(app.visible[0], above);
    assert_eq!(app.selected, 0, "the top stays selected");
}

#[test]
fn a_query_set_before_the_scan_applies_to_arriving_articles() {
    let mut app = App::loading(options());
    app.set_initial_query("author:celine").unwrap();
    app.update(Action::Loaded(Batch {
        articles: bundled().articles,
        problems: vec![],
    }));
    assert_eq!(app.visible.len(), 3);
}

#[test]
fn pickers_combine_and_esc_drops_the_last_filter() {
    let mut app = app();
    app.update(Action::AuthorPicker);
    type_text(&mut app, "pajon");
    app.update(Action::Submit);
    assert_eq!(app.visible.len(), 3);
    app.update(Action::TagPicker);
    type_text(&mut app, "ukraine");
    app.update(Action::Submit);
    assert_eq!(app.visible.len(), 2);
    assert_eq!(app.filters.len(), 2);
    app.update(Action::Back);
    assert_eq!(app.visible.len(), 3);
    app.update(Action::ClearFilters);
    assert_eq!(app.visible.len(), 5);
}

#[test]
fn a_growing_query_gives_what_a_fresh_query_gives() {
    let mut app = app();
    app.update(Action::Search);
    for (i, c) in "tag:ukraine date:2014..".chars().enumerate() {
        app.update(Action::Input(c));
        let typed: String = "tag:ukraine date:2014..".chars().take(i + 1).collect();
        let mut fresh = App::new(bundled(), options());
        if fresh.set_initial_query(&typed).is_ok() {
            assert_eq!(titles(&app), titles(&fresh), "after typing {typed:?}");
        }
    }
    // Backspace widens again.
    for _ in 0.."date:2014..".len() {
        app.update(Action::DeleteBack);
    }
    assert_eq!(app.visible.len(), 4);
}

#[test]
fn a_query_that_does_not_parse_keeps_the_results_and_esc_restores() {
    let mut app = app();
    app.update(Action::Search);
    type_text(&mut app, "author:celine");
    assert_eq!(app.visible.len(), 3);
    type_text(&mut app, " (");
    assert_eq!(app.visible.len(), 3);
    match &app.overlay {
        Overlay::Prompt(p) => assert!(p.error.is_some()),
        other => panic!("expected the prompt, got {other:?}"),
    }
    app.update(Action::Cancel);
    assert_eq!(app.visible.len(), 5, "Esc goes back to before the prompt");
}

#[test]
fn body_words_are_found_by_the_background_search() {
    let mut app = app();
    app.update(Action::Search);
    type_text(&mut app, "hokkaido");
    assert!(app.body_search.is_some());
    assert!(app.visible.is_empty(), "no metadata has the word");
    run_body_search(&mut app);
    assert!(app.body_search.is_none());
    assert_eq!(titles(&app), ["Japan-Russia: The end of delusions"]);
}

#[test]
fn a_stale_body_search_is_ignored() {
    let mut app = app();
    app.update(Action::Search);
    type_text(&mut app, "hokkaido");
    let old = app.body_search.as_ref().unwrap().generation;
    app.take_effects();
    type_text(&mut app, "x");
    app.update(Action::BodyMatches {
        generation: old,
        matches: vec![0, 1, 2],
        done: 5,
    });
    app.update(Action::BodySearchDone { generation: old });
    assert!(app.visible.is_empty());
    assert!(app.body_search.is_some(), "the newer search still runs");
}

#[test]
fn negated_body_words_drop_articles_when_the_search_ends() {
    let mut app = app();
    app.update(Action::Search);
    type_text(&mut app, "-hokkaido");
    assert_eq!(app.visible.len(), 5, "before the bodies are read");
    run_body_search(&mut app);
    assert_eq!(app.visible.len(), 4);
}

#[test]
fn sorting_by_title_orders_and_reverses() {
    let mut app = app();
    app.update(Action::CycleSort);
    assert_eq!(app.sort.key, SortKey::Title);
    let mut sorted = titles(&app);
    let shown = sorted.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    if app.sort.reverse {
        sorted.reverse();
    }
    assert_eq!(shown, sorted);
    app.update(Action::ReverseSort);
    sorted.reverse();
    assert_eq!(titles(&app), sorted);
}

#[test]
fn the_preview_follows_articles_that_a_body_search_brings() {
    let mut app = app();
    app.update(Action::Search);
    type_text(&mut app, "hokkaido");
    assert!(
        app.reader.is_none(),
        "nothing to preview while nothing matches"
    );
    run_body_search(&mut app);
    let shown = app.reader.as_ref().map(|r| r.article);
    assert_eq!(shown, app.visible.first().copied());
}

mod merging {
    use super::super::merge_into;
    use proptest::prelude::*;

    proptest! {
        /// Whichever way it merges, the result is the stable merge: sorted by key, and of equal
        /// keys the first list's items first, each list's in its own order.
        #[test]
        fn merge_into_is_the_stable_merge(
            mut a in prop::collection::vec(0usize..40, 0..200),
            mut b in prop::collection::vec(0usize..40, 0..60),
        ) {
            // Items are indices; their keys are `i / 4` so that equal keys are common.
            let key = |i: usize| i / 4;
            a.sort_by_key(|&i| key(i));
            b.sort_by_key(|&i| key(i));
            let mut merged = a.clone();
            merge_into(&mut merged, &b, |x, y| key(x).cmp(&key(y)));
            let mut want: Vec<(usize, usize, usize)> = a.iter().enumerate().map(|(n, &i)| (key(i), 0, n))
                .chain(b.iter().enumerate().map(|(n, &i)| (key(i), 1, n)))
                .collect();
            want.sort();
            let want: Vec<usize> = want.into_iter().map(|(_, side, n)| if side == 0 { a[n] } else { b[n] }).collect();
            prop_assert_eq!(merged, want);
        }
    }
}
