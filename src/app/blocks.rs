//! Structural edits of the block tree, by block id: find, add, remove, duplicate, move.

use crate::model::{Block, BlockKind, Column, ImageWidth, Kind, Project};

/// A new block of a kind, with starter content.
pub fn new_block(kind: Kind, id: String) -> Block {
    let kind = match kind {
        Kind::Heading => BlockKind::Heading {
            text: "New heading".into(),
        },
        Kind::Text => BlockKind::Text {
            text: "Hello {{ customer.first_name }},".into(),
        },
        Kind::Button => BlockKind::Button {
            label: "Open".into(),
            url: "https://example.com".into(),
        },
        Kind::Image => BlockKind::Image {
            asset: String::new(),
            alt: String::new(),
            url: None,
            width: ImageWidth::Full,
        },
        Kind::Table => BlockKind::Table {
            source: "invoice.items".into(),
            columns: vec![Column {
                header: "Item".into(),
                value: "{{ item.name }}".into(),
                align: Default::default(),
            }],
            footer: Vec::new(),
            empty: String::new(),
        },
        Kind::Divider => BlockKind::Divider,
        Kind::Signature => BlockKind::Signature {
            text: "Kind regards".into(),
        },
        Kind::Legal => BlockKind::Legal {
            text: String::new(),
        },
        Kind::Group => BlockKind::Group {
            when: "true".into(),
            blocks: Vec::new(),
        },
        // Inserted from the library with its name (`blocks::add_snippet`).
        Kind::Snippet => BlockKind::Snippet(crate::model::SnippetRef::named("")),
    };
    Block {
        id,
        kind,
        channels: None,
        overrides: Default::default(),
        required: false,
        locked: false,
    }
}

/// The list holding block `id` and its index there.
fn locate<'a>(blocks: &'a mut Vec<Block>, id: &str) -> Option<(&'a mut Vec<Block>, usize)> {
    if let Some(i) = blocks.iter().position(|b| b.id == id) {
        return Some((blocks, i));
    }
    for b in blocks.iter_mut() {
        if let BlockKind::Group { blocks: inner, .. } = &mut b.kind
            && let Some(found) = locate(inner, id)
        {
            return Some(found);
        }
    }
    None
}

/// The block `id`, wherever it sits in the tree (inside groups too).
pub fn find<'a>(project: &'a Project, id: &str) -> Option<&'a Block> {
    project.all_blocks().into_iter().find(|b| b.id == id)
}

/// The block `id`, wherever it sits in the tree, to change it in place.
pub fn find_mut<'a>(project: &'a mut Project, id: &str) -> Option<&'a mut Block> {
    let (list, i) = locate(&mut project.content.blocks, id)?;
    list.get_mut(i)
}

/// An id not yet used in the project, starting from `base`.
pub fn fresh_id(project: &Project, base: &str) -> String {
    let taken: Vec<&str> = project.all_blocks().iter().map(|b| b.id.as_str()).collect();
    if !taken.contains(&base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !taken.contains(&c.as_str()))
        .expect("some number is free")
}

/// Adds a block of `kind` after block `after`, or inside it at the end when it is a group (at
/// the end of the message when `None` or not found); returns its id.
pub fn add(project: &mut Project, kind: Kind, after: Option<&str>) -> String {
    let id = fresh_id(project, kind.name());
    let block = new_block(kind, id.clone());
    match after.and_then(|a| locate(&mut project.content.blocks, a)) {
        Some((list, i)) => match &mut list[i].kind {
            BlockKind::Group { blocks, .. } => blocks.push(block),
            _ => list.insert(i + 1, block),
        },
        None => project.content.blocks.push(block),
    }
    id
}

/// Adds a use of the library snippet `name` after block `after` (inside it, for a group; at
/// the end when `None` or not found); returns its id.
pub fn add_snippet(project: &mut Project, name: &str, after: Option<&str>) -> String {
    // A block id is letters, digits, `-` and `_`; a file name may hold more.
    let base: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let id = fresh_id(project, if base.is_empty() { "snippet" } else { &base });
    let mut block = new_block(Kind::Snippet, id.clone());
    block.kind = BlockKind::Snippet(crate::model::SnippetRef::named(name));
    match after.and_then(|a| locate(&mut project.content.blocks, a)) {
        Some((list, i)) => match &mut list[i].kind {
            BlockKind::Group { blocks, .. } => blocks.push(block),
            _ => list.insert(i + 1, block),
        },
        None => project.content.blocks.push(block),
    }
    id
}

/// Makes the snippet used by block `id` the message's own: a group shown always, with the
/// block's id, channels and flags, holding a copy of the snippet's blocks as linked (their
/// ids made the project's own; snippets inside it stay uses of the library). `None` when the
/// block is not a linked snippet.
pub fn detach(project: &mut Project, id: &str) -> Option<()> {
    let block = find(project, id)?.clone();
    let BlockKind::Snippet(snippet) = &block.kind else {
        return None;
    };
    if snippet.blocks.is_empty() {
        return None;
    }
    let prefix = format!("{id}.");
    let mut taken: Vec<String> = project.all_blocks().iter().map(|b| b.id.clone()).collect();
    fn own(b: &mut Block, prefix: &str, taken: &mut Vec<String>) {
        let base = b.id.strip_prefix(prefix).unwrap_or(&b.id).replace('.', "-");
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        taken.push(candidate.clone());
        b.id = candidate;
        match &mut b.kind {
            BlockKind::Group { blocks, .. } => {
                for c in blocks {
                    own(c, prefix, taken);
                }
            }
            // A snippet inside stays the library's: its linked blocks are filled in again.
            BlockKind::Snippet(inner) => inner.blocks = Default::default(),
            _ => {}
        }
    }
    let mut blocks = snippet.blocks.to_vec();
    for b in &mut blocks {
        own(b, &prefix, &mut taken);
    }
    let target = find_mut(project, id)?;
    target.kind = BlockKind::Group {
        when: "true".into(),
        blocks,
    };
    Some(())
}

/// Takes block `id` (with its children) out of the tree and returns it; `None` when not found.
pub fn remove(project: &mut Project, id: &str) -> Option<Block> {
    let (list, i) = locate(&mut project.content.blocks, id)?;
    Some(list.remove(i))
}

/// Copies block `id` (children too, all with fresh ids) right after it; returns the copy's id.
pub fn duplicate(project: &mut Project, id: &str) -> Option<String> {
    let mut copy = find(project, id)?.clone();
    fn renew(project: &Project, b: &mut Block, taken: &mut Vec<String>) {
        let mut n = 2;
        let base = b.id.clone();
        while project.all_blocks().iter().any(|x| x.id == b.id) || taken.contains(&b.id) {
            b.id = format!("{base}-{n}");
            n += 1;
        }
        taken.push(b.id.clone());
        if let BlockKind::Group { blocks, .. } = &mut b.kind {
            for c in blocks {
                renew(project, c, taken);
            }
        }
    }
    renew(project, &mut copy, &mut Vec::new());
    let new_id = copy.id.clone();
    let (list, i) = locate(&mut project.content.blocks, id)?;
    list.insert(i + 1, copy);
    Some(new_id)
}

/// Moves block `id` by `delta` places within its list; false when it cannot move.
pub fn shift(project: &mut Project, id: &str, delta: isize) -> bool {
    let Some((list, i)) = locate(&mut project.content.blocks, id) else {
        return false;
    };
    let Some(j) = i.checked_add_signed(delta).filter(|j| *j < list.len()) else {
        return false;
    };
    let b = list.remove(i);
    list.insert(j, b);
    true
}

/// Moves block `id` to just before block `before` (or to the end of the top level when
/// `None`), e.g. after a drag in the outline. A group cannot go inside itself.
pub fn move_before(project: &mut Project, id: &str, before: Option<&str>) -> bool {
    if before == Some(id) {
        return false;
    }
    if let (Some(b), Some(target)) = (find(project, id), before)
        && let BlockKind::Group { blocks, .. } = &b.kind
        && blocks.iter().any(|c| c.id == target || contains(c, target))
    {
        return false;
    }
    let old = project.content.blocks.clone();
    let Some(block) = remove(project, id) else {
        return false;
    };
    match before.and_then(|t| locate(&mut project.content.blocks, t)) {
        Some((list, i)) => list.insert(i, block),
        None => project.content.blocks.push(block),
    }
    project.content.blocks != old
}

fn contains(b: &Block, id: &str) -> bool {
    match &b.kind {
        BlockKind::Group { blocks, .. } => blocks.iter().any(|c| c.id == id || contains(c, id)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Project {
        let path = std::path::Path::new("projects/invoice.ron");
        crate::model::parse_project(&std::fs::read_to_string(path).unwrap(), path).unwrap()
    }

    fn ids(p: &Project) -> Vec<String> {
        p.all_blocks().iter().map(|b| b.id.clone()).collect()
    }

    #[test]
    fn add_duplicate_remove_keep_ids_unique() {
        let mut p = sample();
        let first = ids(&p)[0].clone();
        let a = add(&mut p, Kind::Text, Some(&first));
        let b = add(&mut p, Kind::Text, None);
        assert_ne!(a, b);
        assert_eq!(ids(&p)[1], a);
        let c = duplicate(&mut p, &a).unwrap();
        assert_eq!(ids(&p)[2], c);
        let all = ids(&p);
        let mut unique = all.clone();
        unique.dedup();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
        assert!(remove(&mut p, &c).is_some());
        assert!(!ids(&p).contains(&c));
        // Adding with a group selected fills the group.
        let group = p
            .all_blocks()
            .into_iter()
            .find(|b| matches!(b.kind, BlockKind::Group { .. }))
            .unwrap()
            .id
            .clone();
        let inner = add(&mut p, Kind::Text, Some(&group));
        let Some(Block {
            kind: BlockKind::Group { blocks, .. },
            ..
        }) = find(&p, &group)
        else {
            panic!("still a group")
        };
        assert_eq!(blocks.last().unwrap().id, inner);
    }

    #[test]
    fn shift_and_move_before() {
        let mut p = sample();
        let before = ids(&p);
        assert!(!shift(&mut p, &before[0], -1));
        assert!(shift(&mut p, &before[0], 1));
        assert_eq!(ids(&p)[1], before[0]);
        assert!(move_before(&mut p, &before[0], Some(&before[1])));
        assert_eq!(ids(&p), before);
        assert!(
            !move_before(&mut p, &before[0], Some(&before[1])),
            "no change, no step"
        );
        assert!(move_before(&mut p, &before[0], None));
        assert_eq!(p.content.blocks.last().unwrap().id, before[0]);
    }
}
