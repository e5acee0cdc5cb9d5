//! What kinds of partner a district has, and what their services cost.
//!
//! Each [`Archetype`] is a recognisable partner of the source paper or the
//! local cases of DOMAIN.md (邻里食堂, 新能源充电站, 四点半课堂, …) with the
//! type, legal form, modes and fund terms such a partner usually has. The
//! twenty archetypes together cover every partner type, legal form,
//! cooperation mode, service mode, service category and fund basis, so a
//! district that uses each of them once is complete.
//!
//! [`ITEMS`] is the market reference price list: low-cost rows are priced
//! against it, and all but the 其他 items go into 市场参考价.csv.

use crate::schema::enums::{
    Category, CoopMode, FundBasis, FundFrequency, LegalForm, PartnerType, ServiceMode,
};

/// A priced service and its market reference price (yuan, whole).
#[derive(Debug)]
pub struct Item {
    pub category: Category,
    pub name: &'static str,
    pub unit: &'static str,
    pub price: i64,
    /// Where the reference comes from (调查来源).
    pub source: &'static str,
}

const fn item(
    category: Category,
    name: &'static str,
    unit: &'static str,
    price: i64,
    source: &'static str,
) -> Item {
    Item {
        category,
        name,
        unit,
        price,
        source,
    }
}

use Category::*;

const SHOPS: &str = "周边门店";
const PLATFORM: &str = "平台均价";

/// The reference prices; 其他 items are left out of the CSV on purpose, so
/// that a low-cost 其他 row without its own reference shows the FL6 warning.
pub static ITEMS: &[Item] = &[
    item(ElderlyCare, "助浴服务", "次", 80, SHOPS),
    item(ElderlyCare, "日间照料", "天", 120, SHOPS),
    item(ElderlyCare, "上门护理", "次", 100, PLATFORM),
    item(InfantCare, "托育半日托", "半天", 150, SHOPS),
    item(InfantCare, "亲子早教课", "节", 120, PLATFORM),
    item(ChildCare, "四点半课堂托管", "天", 60, SHOPS),
    item(ChildCare, "作业辅导", "节", 50, SHOPS),
    item(Meals, "长者午餐", "份", 18, SHOPS),
    item(Meals, "长者晚餐", "份", 16, SHOPS),
    item(Housekeeping, "理发", "次", 30, SHOPS),
    item(Housekeeping, "家电维修", "次", 80, PLATFORM),
    item(Housekeeping, "家庭保洁", "小时", 50, PLATFORM),
    item(Health, "中医理疗", "次", 120, SHOPS),
    item(Health, "慢病管理咨询", "次", 60, SHOPS),
    item(Fitness, "瑜伽课", "节", 70, PLATFORM),
    item(Fitness, "乒乓球场地", "小时", 40, SHOPS),
    item(Culture, "手工艺课", "节", 80, PLATFORM),
    item(Culture, "书画课", "节", 100, SHOPS),
    item(Education, "书法课", "节", 100, SHOPS),
    item(Education, "英语口语课", "节", 150, PLATFORM),
    item(Mobility, "快充服务", "次", 45, PLATFORM),
    item(Mobility, "慢充服务", "次", 30, PLATFORM),
    item(Other, "手冲咖啡", "杯", 28, SHOPS),
    item(Other, "花艺课", "节", 90, SHOPS),
];

/// Whether a category's items are in the district's price list.
pub fn in_price_list(category: Category) -> bool {
    category != Other
}

/// The priced items of a category.
pub fn items_of(category: Category) -> impl Iterator<Item = &'static Item> {
    ITEMS.iter().filter(move |i| i.category == category)
}

/// Titles of free activities, by category.
pub fn free_titles(category: Category) -> &'static [&'static str] {
    match category {
        ElderlyCare => &[
            "长者生日会",
            "防诈骗讲座",
            "老年智能手机课",
            "重阳敬老活动",
            "助老探访",
        ],
        InfantCare => &["亲子阅读会", "科学育儿讲座", "亲子游戏日"],
        ChildCare => &["四点半课堂", "假期安全教育", "亲子手工", "科普小课堂"],
        Meals => &["长者爱心午餐", "节日送餐上门", "营养膳食讲座"],
        Housekeeping => &["便民义剪", "家电义修", "磨刀补鞋便民日"],
        Health => &["健康讲座", "免费测血压血糖", "中医义诊"],
        Fitness => &["太极拳晨练", "广场舞培训", "全民健身日"],
        Culture => &["读书分享会", "社区电影夜", "手工剪纸", "书画展"],
        Education => &["公益书法课", "青少年科普讲座", "家长课堂"],
        Mobility => &["充电安全讲座", "电动车消防演练", "新能源车公益检测"],
        Other => &["社区花园共建日", "垃圾分类宣传", "邻里集市"],
    }
}

/// A related category for the odd free activity outside the main one.
pub fn side_category(category: Category) -> Category {
    match category {
        ElderlyCare | Meals => Health,
        Health => ElderlyCare,
        InfantCare | ChildCare => Education,
        Education => ChildCare,
        Fitness => Health,
        Culture | Other => Culture,
        Housekeeping | Mobility => Other,
    }
}

/// Hours of one session, and head counts per session (free, priced).
pub fn session(category: Category) -> (f64, (i64, i64), (i64, i64)) {
    match category {
        ElderlyCare => (2.0, (15, 40), (4, 12)),
        InfantCare => (2.0, (8, 20), (4, 10)),
        ChildCare => (2.0, (10, 30), (8, 25)),
        Meals => (2.0, (20, 60), (25, 70)),
        Housekeeping => (3.0, (10, 30), (6, 20)),
        Health => (1.5, (20, 50), (5, 15)),
        Fitness => (1.5, (15, 40), (6, 18)),
        Culture => (2.0, (15, 45), (6, 15)),
        Education => (1.5, (12, 35), (6, 15)),
        // One row sums a week of charging sessions.
        Mobility => (8.0, (20, 50), (40, 120)),
        Other => (2.0, (15, 40), (8, 25)),
    }
}

/// A kind of partner.
#[derive(Debug)]
pub struct Archetype {
    pub category: Category,
    pub partner_type: PartnerType,
    pub legal_form: LegalForm,
    pub service_mode: ServiceMode,
    pub coop_mode: CoopMode,
    pub basis: FundBasis,
    pub frequency: Option<FundFrequency>,
    /// Fund rate in percent (revenue or profit basis).
    pub rate: (i64, i64),
    /// Name templates: `{社区}` community, `{品牌}` a brand, `{姓}` a
    /// surname, `{人}` a person's full name.
    pub names: &'static [&'static str],
    pub brands: &'static [&'static str],
    /// Uses community space (and keeps a space-usage log).
    pub space: bool,
    /// Profit margin range of its declarations, percent.
    pub margin: (i64, i64),
}

impl Archetype {
    pub fn has_market(&self) -> bool {
        self.service_mode == ServiceMode::WelfareLowCostMarket
    }

    pub fn has_low_cost(&self) -> bool {
        self.service_mode != ServiceMode::Welfare
    }
}

use CoopMode::*;
use FundBasis::{Fixed, NoFund, Profit, Revenue};
use FundFrequency::*;
use LegalForm::{Enterprise, Individual as Person, SocialOrg, SoleProprietor, Team};
use PartnerType::{Business, Community as Group, Individual as Solo};
use ServiceMode::{Welfare, WelfareLowCost as WelfareLow, WelfareLowCostMarket as AllModes};

#[allow(clippy::too_many_arguments)]
const fn kind(
    category: Category,
    partner_type: PartnerType,
    legal_form: LegalForm,
    service_mode: ServiceMode,
    coop_mode: CoopMode,
    fund: (FundBasis, Option<FundFrequency>, (i64, i64)),
    names: &'static [&'static str],
    brands: &'static [&'static str],
    space: bool,
) -> Archetype {
    Archetype {
        category,
        partner_type,
        legal_form,
        service_mode,
        coop_mode,
        basis: fund.0,
        frequency: fund.1,
        rate: fund.2,
        names,
        brands,
        space,
        margin: (12, 25),
    }
}

const NONE: (FundBasis, Option<FundFrequency>, (i64, i64)) = (NoFund, None, (0, 0));

/// The partner kinds, in the order a complete district first uses them.
/// Columns: category, type, legal form, service mode, cooperation mode,
/// fund terms; name templates and brands; whether it uses community space.
#[rustfmt::skip]
pub static ARCHETYPES: &[Archetype] = &[
    kind(ElderlyCare, Business, Enterprise, AllModes, PurchasedService, (Revenue, Some(Quarterly), (10, 15)),
         &["{品牌}养老服务中心", "成都{品牌}养老服务有限公司"], &["颐康", "乐龄", "夕阳红", "康馨", "安馨", "颐和"], true),
    kind(Meals, Business, Enterprise, AllModes, SharedSpace, (Revenue, Some(Monthly), (10, 12)),
         &["{社区}邻里食堂", "{品牌}长者食堂"], &["蜀味", "邻家", "福满堂", "好滋味"], true),
    kind(Mobility, Business, Enterprise, AllModes, TrustChain, (Profit, Some(Quarterly), (20, 25)),
         &["{品牌}新能源充电站", "四川{品牌}新能源科技有限公司"], &["蓉易充", "星驰", "绿能", "快电"], true),
    kind(ChildCare, Group, SocialOrg, WelfareLow, PurchasedService, (Fixed, Some(Annual), (0, 0)),
         &["{社区}四点半课堂", "{品牌}儿童服务中心"], &["童心", "彩虹桥", "向日葵"], true),
    kind(Culture, Group, SocialOrg, Welfare, Crowdfunding, NONE,
         &["{社区}社区书院", "{品牌}读书会"], &["书香", "知味", "拾光"], true),
    kind(Housekeeping, Solo, SoleProprietor, AllModes, TrustChain, (Fixed, Some(Monthly), (0, 0)),
         &["{姓}记便民理发店", "{姓}师傅理发店"], &[], true),
    kind(InfantCare, Business, Enterprise, AllModes, SharedSpace, (Revenue, Some(Quarterly), (15, 20)),
         &["{品牌}托育中心", "成都{品牌}托育服务有限公司"], &["小橙子", "贝乐", "小树苗", "爱心宝贝"], true),
    kind(Fitness, Group, Team, Welfare, TimeBank, NONE,
         &["{社区}太极队", "{社区}健身舞蹈队"], &[], false),
    kind(Fitness, Business, SoleProprietor, AllModes, SharedSpace, (Revenue, Some(Monthly), (10, 12)),
         &["{品牌}健身工作室"], &["动力", "悦动", "活力", "燃脂"], true),
    kind(Health, Business, Enterprise, WelfareLow, PurchasedService, (Revenue, Some(Annual), (10, 12)),
         &["{品牌}康养驿站"], &["仁和", "康宁", "益寿", "杏林"], true),
    kind(Education, Business, Enterprise, AllModes, SharedSpace, (Profit, Some(Annual), (20, 20)),
         &["{品牌}培训学校", "成都{品牌}教育咨询有限公司"], &["启明", "知行", "博学", "青禾"], true),
    // The café of the paper: a small share of annual profit, so a fat margin.
    Archetype {
        margin: (28, 32),
        ..kind(Other, Business, SoleProprietor, AllModes, SharedSpace, (Profit, Some(Annual), (5, 5)),
               &["{品牌}社区咖啡"], &["拾光", "转角", "慢时光", "邻里"], true)
    },
    kind(Housekeeping, Business, Enterprise, AllModes, TrustChain, (Revenue, Some(Quarterly), (10, 10)),
         &["{品牌}家政服务有限公司"], &["好帮手", "惠民", "益家", "安心"], false),
    kind(Education, Solo, Person, WelfareLow, TimeBank, (Fixed, Some(Annual), (0, 0)),
         &["{人}"], &[], true),
    kind(Culture, Solo, Person, Welfare, Crowdfunding, NONE,
         &["{人}"], &[], true),
    kind(ElderlyCare, Group, SocialOrg, Welfare, TimeBank, NONE,
         &["{社区}志愿者协会", "{社区}社区志愿服务队"], &[], true),
    kind(Culture, Group, Team, Welfare, Crowdfunding, NONE,
         &["{社区}居民合唱团"], &[], true),
    kind(Other, Group, SocialOrg, WelfareLow, Crowdfunding, NONE,
         &["{社区}共享花园", "{品牌}社区营造中心"], &["花间", "绿邻", "共生"], true),
    kind(Health, Business, Enterprise, AllModes, TrustChain, (Revenue, Some(Monthly), (10, 15)),
         &["{品牌}健康管理中心", "{品牌}大药房"], &["同仁", "康源", "百姓", "益生"], true),
    kind(Housekeeping, Solo, Person, WelfareLow, TrustChain, (Fixed, Some(Quarterly), (0, 0)),
         &["{人}"], &[], false),
];
