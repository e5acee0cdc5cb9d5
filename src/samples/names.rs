//! Place, partner and people names that look like a Chengdu district's.
//!
//! The small samples use fixed names (郫都区, 犀浦/郫筒/团结街道 and eight
//! communities); larger scales draw from the same pools so that every file
//! name is unique inside its district folder. Names of people include rare
//! characters (堃 喆 昇 珺 玥 垚 犇 镕) because real registries have them and
//! fonts, encodings and sorting must cope.

use super::rng::Rng;

/// A place and the code used in ids (`PD`, `XP`).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub name: &'static str,
    pub code: &'static str,
}

const fn place(name: &'static str, code: &'static str) -> Place {
    Place { name, code }
}

/// Districts of the city scale; the first is the district of the samples.
pub static DISTRICTS: &[Place] = &[
    place("郫都区", "PD"),
    place("锦江区", "JJ"),
    place("青羊区", "QY"),
    place("金牛区", "JN"),
    place("武侯区", "WH"),
    place("成华区", "CH"),
    place("龙泉驿区", "LQ"),
    place("青白江区", "QB"),
    place("新都区", "XD"),
    place("温江区", "WJ"),
    place("双流区", "SL"),
    place("新津区", "XJ"),
    place("都江堰市", "DJ"),
    place("彭州市", "PZ"),
    place("邛崃市", "QL"),
    place("崇州市", "CZ"),
    place("简阳市", "JY"),
    place("金堂县", "JT"),
    place("大邑县", "DY"),
    place("蒲江县", "PJ"),
];

/// Street names (without 街道); the first three are the samples' streets.
pub static STREETS: &[Place] = &[
    place("犀浦", "XP"),
    place("郫筒", "PT"),
    place("团结", "TJ"),
    place("安德", "AD"),
    place("友爱", "YA"),
    place("唐昌", "TC"),
    place("三道堰", "SD"),
    place("古城", "GC"),
    place("德源", "DE"),
    place("红光", "HG"),
    place("安靖", "AJ"),
    place("新民场", "XM"),
    place("花园", "HY"),
    place("清源", "QS"),
    place("春熙", "CX"),
    place("府河", "FH"),
    place("沙河", "SH"),
    place("桂溪", "GX"),
    place("石羊", "SY"),
    place("草堂", "CT"),
];

/// Community names (without 社区); the first eight are the samples'.
pub static COMMUNITIES: &[&str] = &[
    "犀浦",
    "恒山",
    "犀安",
    "书院",
    "望丛",
    "鹃城",
    "团结",
    "宋家河",
    "太平",
    "金台",
    "银杏",
    "桂花",
    "清河",
    "锦绣",
    "和平",
    "幸福",
    "光明",
    "龙湾",
    "滨河",
    "翠竹",
    "云桥",
    "南街",
    "北街",
    "梨花",
    "新桥",
    "双柏",
    "红旗",
    "青杠",
    "柏木",
    "金桥",
    "玉带",
    "永宁",
    "长乐",
    "安平",
    "顺江",
    "永兴",
    "兴隆",
    "万福",
    "文庙",
    "东风",
    "向阳",
    "春江",
    "荷塘",
    "望江",
    "芙蓉",
    "紫薇",
    "静康",
    "蜀南",
    "天府",
    "水碾",
    "雍渡",
    "晨曦",
    "百花",
    "竹林",
    "杏林",
    "丰乐",
    "泉水",
    "友谊",
    "古柏",
    "凤凰",
    "锦城",
    "花溪",
    "石桥",
    "红星",
    "鸿福",
    "嘉禾",
];

const SURNAMES: &[&str] = &[
    "张", "王", "李", "陈", "刘", "杨", "赵", "周", "黄", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "高", "林", "邓", "谢", "唐", "冯", "蒋", "曾", "彭", "苏", "卢", "任",
];

/// Given names with rare characters, used first so that every district has them.
const RARE_GIVEN: &[&str] = &["德堃", "喆", "昇", "珺玥", "垚", "犇", "镕"];

const GIVEN: &[&str] = &[
    "建国", "秀英", "志强", "丽华", "春梅", "国华", "桂兰", "海燕", "文杰", "晓东", "雪梅", "俊",
    "婷婷", "勇", "敏", "静", "磊", "宇轩", "子涵", "思远", "明辉", "淑芬", "德堃", "喆", "珺",
    "玥", "垚",
];

/// Draws people's names; the first few carry the rare characters.
#[derive(Debug, Default)]
pub struct People {
    drawn: usize,
}

impl People {
    pub fn next(&mut self, rng: &mut Rng) -> String {
        let n = self.drawn;
        self.drawn += 1;
        match RARE_GIVEN.get(n) {
            Some(given) => format!("{}{given}", SURNAMES[n % SURNAMES.len()]),
            None => format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN)),
        }
    }
}

/// Anyone's name (staff who keep the ledgers).
pub fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// A surname, for shop names such as 李记便民理发店.
pub fn surname(rng: &mut Rng) -> &'static str {
    rng.pick(SURNAMES)
}

/// Fills a name template (see `catalog::Archetype::names`).
pub fn fill(template: &str, community: &str, brand: &str, surname: &str, person: &str) -> String {
    template
        .replace("{社区}", community)
        .replace("{品牌}", brand)
        .replace("{姓}", surname)
        .replace("{人}", person)
}

/// A fake 18-digit 身份证号 of a Chengdu resident (checksum not computed).
pub fn id_number(rng: &mut Rng) -> String {
    let year = rng.int(1958, 1995);
    let month = rng.int(1, 12);
    let day = rng.int(1, 28);
    let seq = rng.int(0, 999);
    let check = match rng.below(11) {
        10 => "X".to_string(),
        d => d.to_string(),
    };
    format!("510124{year}{month:02}{day:02}{seq:03}{check}")
}

/// A fake 统一社会信用代码 with the registration-authority prefix of its form.
pub fn credit_code(rng: &mut Rng, prefix: &str) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let tail: String = (0..10).map(|_| char::from(rng.pick(CHARS))).collect();
    format!("{prefix}510124{tail}")
}
