use std::collections::HashMap;

use newsdesk_store::StoryId;

/// Indexes of articles in processing order, given their publication
/// instants in input order: dated articles by date (ties in input order),
/// each undated one right after the dated article before it in the input
/// (at the start when none is). Stable: the same input, the same order.
///
/// ```
/// use newsdesk_coverage::processing_order;
/// assert_eq!(processing_order(&[Some(30), None, Some(10), None]), vec![2, 3, 0, 1]);
/// ```
pub fn processing_order(published: &[Option<i64>]) -> Vec<usize> {
    let mut keyed: Vec<(Option<i64>, usize, usize)> = Vec::with_capacity(published.len());
    let mut anchor: (Option<i64>, usize) = (None, 0);
    for (i, &p) in published.iter().enumerate() {
        if p.is_some() {
            anchor = (p, i);
        }
        keyed.push((anchor.0, anchor.1, i));
    }
    keyed.sort_by_key(|&(t, a, i)| (t.is_some(), t, a, i));
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// Whether the publication instants (in input order) can order a stream of
/// articles: true when at least half carry one.
///
/// An undated article is timed by the dated article before it in the input
/// ([`processing_order`]). When most articles are dated that borrowed time
/// is close to right in a feed; when most are not, a few dates spread
/// through a file (shuffled, sorted by topic, dated from some URLs only)
/// cannot order it, and every jump between them would close all open
/// stories, so that the undated articles after it open new ones. Such a
/// stream is one without dates: input order, every article undated for the
/// clusterer, no idle closing (chosen on ECB+ train, where 104 of 772
/// articles carry a date; eval/results/cluster-cli.md).
///
/// ```
/// use newsdesk_coverage::dates_can_order;
/// assert!(dates_can_order(&[Some(1), None]));
/// assert!(!dates_can_order(&[Some(1), None, None]));
/// assert!(dates_can_order(&[]));
/// ```
pub fn dates_can_order(published: &[Option<i64>]) -> bool {
    2 * published.iter().filter(|p| p.is_some()).count() >= published.len()
}

/// The order in which to stream articles of publication instants
/// `published` (input order) into the clusterer, and the instants to give
/// it: [`processing_order`] and the dates when [`dates_can_order`], else
/// input order with every article undated.
pub fn stream_order(published: &mut [Option<i64>]) -> Vec<usize> {
    if dates_can_order(published) {
        processing_order(published)
    } else {
        published.fill(None);
        (0..published.len()).collect()
    }
}

/// The story `story` lives on in, given the merges seen so far (`from` to
/// `into`, chains followed).
pub fn surviving_story(merged_into: &HashMap<StoryId, StoryId>, mut story: StoryId) -> StoryId {
    while let Some(&next) = merged_into.get(&story) {
        story = next;
    }
    story
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undated_follow_their_anchor() {
        assert_eq!(processing_order(&[]), Vec::<usize>::new());
        assert_eq!(processing_order(&[None, None]), vec![0, 1]);
        assert_eq!(processing_order(&[Some(5), Some(5), Some(1)]), vec![2, 0, 1]);
        assert_eq!(processing_order(&[None, Some(9), None, Some(2)]), vec![0, 3, 1, 2]);
    }

    #[test]
    fn sparse_dates_stream_in_input_order_undated() {
        let mut sparse = [None, Some(9), None, None, Some(2)];
        assert_eq!(stream_order(&mut sparse), vec![0, 1, 2, 3, 4]);
        assert_eq!(sparse, [None; 5]);
        let mut dense = [Some(5), None, Some(1)];
        assert_eq!(stream_order(&mut dense), vec![2, 0, 1]);
        assert_eq!(dense, [Some(5), None, Some(1)]);
    }

    #[test]
    fn merges_are_followed_to_the_end() {
        let merged: HashMap<StoryId, StoryId> = [(1, 2), (2, 5), (3, 5)].into();
        assert_eq!(surviving_story(&merged, 1), 5);
        assert_eq!(surviving_story(&merged, 5), 5);
        assert_eq!(surviving_story(&merged, 9), 9);
    }
}
