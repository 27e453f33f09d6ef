//! A fingerprint of any serializable value, taken without building it as JSON: a serde
//! serializer that writes a compact byte stream, hashed to 128 bits. A map's entries count in
//! any order (the template values' maps iterate in no fixed order): each is hashed on its own
//! and the hashes summed; everything else is written in order, each part tagged and each
//! string delimited by its length.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::xxh3_128;

/// The fingerprint of `value`; `None` when it cannot be serialized.
pub fn of(value: &impl Serialize) -> Option<u128> {
    let mut hasher = Hasher(Vec::with_capacity(4096));
    value.serialize(&mut hasher).ok()?;
    Some(xxh3_128(&hasher.0))
}

/// The bytes written so far.
struct Hasher(Vec<u8>);

/// A fingerprint no value has had before, for a value that cannot be fingerprinted: whatever
/// it is compared with differs.
pub fn fresh() -> u128 {
    static FRESH: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = FRESH.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    u128::MAX - u128::from(n)
}

impl Hasher {
    fn tag(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0
            .extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }
}

#[derive(Debug)]
struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not fingerprinted")
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error
    }
}

/// The entries of a map being hashed: their sum, and the entry being written.
struct Entries<'a> {
    parent: &'a mut Hasher,
    sum: u128,
    count: u64,
    entry: Hasher,
}

macro_rules! numbers {
    ($($method:ident: $ty:ty,)*) => {
        $(fn $method(self, v: $ty) -> Result<(), Error> {
            self.tag(2, &v.to_le_bytes());
            Ok(())
        })*
    };
}

impl<'a> ser::Serializer for &'a mut Hasher {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Entries<'a>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    numbers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128, serialize_f32: f32, serialize_f64: f64,
    }

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.tag(1, &[u8::from(v)]);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.tag(3, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.tag(4, v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.tag(0, &[]);
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(name)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.tag(5, name.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Error> {
        self.tag(6, &(len.unwrap_or(usize::MAX) as u64).to_le_bytes());
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        len: usize,
    ) -> Result<Self, Error> {
        self.tag(5, name.as_bytes());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'a>, Error> {
        Ok(Entries {
            parent: self,
            sum: 0,
            count: 0,
            entry: Hasher(Vec::new()),
        })
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Self, Error> {
        self.tag(7, name.as_bytes());
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        name: &'static str,
        _: usize,
    ) -> Result<Self, Error> {
        self.tag(5, name.as_bytes());
        Ok(self)
    }
}

/// Sequences, tuples and structs: their parts in order (a struct's fields come in a fixed order).
macro_rules! in_order {
    ($($trait:ident: $method:ident,)*) => {
        $(impl ser::$trait for &mut Hasher {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                self.tag(8, &[]);
                Ok(())
            }
        })*
    };
}

in_order! {
    SerializeSeq: serialize_element,
    SerializeTuple: serialize_element,
    SerializeTupleStruct: serialize_field,
    SerializeTupleVariant: serialize_field,
}

macro_rules! fields {
    ($($trait:ident,)*) => {
        $(impl ser::$trait for &mut Hasher {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
                self.tag(3, key.as_bytes());
                value.serialize(&mut **self)
            }
            fn end(self) -> Result<(), Error> {
                self.tag(8, &[]);
                Ok(())
            }
        })*
    };
}

fields! { SerializeStruct, SerializeStructVariant, }

impl ser::SerializeMap for Entries<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.entry.0.clear();
        key.serialize(&mut self.entry)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut self.entry)?;
        self.sum = self.sum.wrapping_add(xxh3_128(&self.entry.0));
        self.count += 1;
        Ok(())
    }
    fn end(self) -> Result<(), Error> {
        self.parent.tag(9, &self.count.to_le_bytes());
        self.parent.0.extend_from_slice(&self.sum.to_le_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::of;

    #[test]
    fn equal_values_match_and_different_ones_do_not() {
        let mut a = tera::Map::default();
        let mut b = tera::Map::default();
        for n in 0..40 {
            a.insert(format!("k{n}").into(), n.into());
            b.insert(format!("k{}", 39 - n).into(), (39 - n).into());
        }
        let (a, b) = (tera::Value::from(a), tera::Value::from(b));
        assert_eq!(of(&a), of(&b), "a map's order does not count");
        assert_ne!(of(&("ab", "c")), of(&("a", "bc")), "strings are delimited");
        assert_ne!(of(&[1, 2]), of(&[2, 1]), "a list's order counts");
        assert_ne!(of(&Some(0u8)), of(&None::<u8>));
    }
}
