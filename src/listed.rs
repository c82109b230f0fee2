//! `listed_enum!`: an enum whose variants are also listed, in order, as `ALL`, so that a
//! variant added to the enum is in every loop over it without a second list to keep.

/// Declares the enum as written and `ALL`, its variants in declaration order.
macro_rules! listed_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$vmeta])* $variant),*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; listed_enum!(@count $($variant)*)] = [$($name::$variant),*];
        }
    };
    (@count) => { 0usize };
    (@count $head:ident $($tail:ident)*) => { 1usize + listed_enum!(@count $($tail)*) };
}
