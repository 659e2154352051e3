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
    fn merges_are_followed_to_the_end() {
        let merged: HashMap<StoryId, StoryId> = [(1, 2), (2, 5), (3, 5)].into();
        assert_eq!(surviving_story(&merged, 1), 5);
        assert_eq!(surviving_story(&merged, 5), 5);
        assert_eq!(surviving_story(&merged, 9), 9);
    }
}
