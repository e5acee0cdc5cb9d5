//! The other words people type for closed-list values (免费 for 公益, 季度
//! for 季, 个体户 for 个体工商户). Communities that use synonyms type these;
//! every one of them is in the loader's vocabulary (`schema::enums`), and the
//! tests fail if one ever is not.

use super::table::Val;
use crate::schema::enums::*;
use crate::schema::vocab::Vocabulary;

/// A vocabulary value and the synonym a community may type for it.
pub trait Spelled: Vocabulary {
    fn synonym(self) -> Option<&'static str> {
        None
    }

    /// The value as a cell: the label, or the synonym where people use it.
    fn val(self) -> Val {
        Val::choice_or(self, self.synonym())
    }
}

impl Spelled for LegalForm {
    fn synonym(self) -> Option<&'static str> {
        match self {
            LegalForm::SoleProprietor => Some("个体户"),
            LegalForm::SocialOrg => Some("民非"),
            LegalForm::Team => Some("居民团队"),
            _ => None,
        }
    }
}

impl Spelled for PartnerType {
    fn synonym(self) -> Option<&'static str> {
        Some(match self {
            PartnerType::Business => "商企型",
            PartnerType::Community => "社群型",
            PartnerType::Individual => "个体型",
        })
    }
}

impl Spelled for OrgForm {}

impl Spelled for CoopMode {
    fn synonym(self) -> Option<&'static str> {
        Some(match self {
            CoopMode::PurchasedService => "项目式",
            CoopMode::TimeBank => "时间银行",
            CoopMode::SharedSpace => "空间共营",
            CoopMode::Crowdfunding => "众筹+社群",
            CoopMode::TrustChain => "社区生活圈",
        })
    }
}

impl Spelled for ServiceMode {
    fn synonym(self) -> Option<&'static str> {
        Some(match self {
            ServiceMode::Welfare => "纯公益",
            ServiceMode::WelfareLowCost => "公益+微利",
            ServiceMode::WelfareLowCostMarket => "公益+低偿+市场化",
        })
    }
}

impl Spelled for Category {
    fn synonym(self) -> Option<&'static str> {
        match self {
            Category::ElderlyCare => Some("养老服务"),
            Category::ChildCare => Some("课后托管"),
            Category::Meals => Some("社区食堂"),
            Category::Housekeeping => Some("便民服务"),
            Category::Mobility => Some("新能源充电"),
            Category::Other => Some("其它"),
            _ => None,
        }
    }
}

impl Spelled for FundBasis {
    fn synonym(self) -> Option<&'static str> {
        Some(match self {
            FundBasis::Revenue => "营业额",
            FundBasis::Profit => "净利润",
            FundBasis::Fixed => "定额",
            FundBasis::NoFund => "不计提",
        })
    }
}

impl Spelled for FundFrequency {
    fn synonym(self) -> Option<&'static str> {
        Some(match self {
            FundFrequency::Monthly => "按月",
            FundFrequency::Quarterly => "季度",
            FundFrequency::Annual => "年度",
        })
    }
}

impl Spelled for SpaceTerms {
    fn synonym(self) -> Option<&'static str> {
        match self {
            SpaceTerms::Free => Some("免费"),
            _ => None,
        }
    }
}

impl Spelled for PartnerStatus {
    fn synonym(self) -> Option<&'static str> {
        match self {
            PartnerStatus::Active => Some("合作中"),
            _ => None,
        }
    }
}

impl Spelled for Grade {
    fn synonym(self) -> Option<&'static str> {
        match self {
            Grade::Good => Some("良好"),
            Grade::Fair => Some("基本合格"),
            _ => None,
        }
    }
}

impl Spelled for Decision {
    fn synonym(self) -> Option<&'static str> {
        match self {
            Decision::Rectify => Some("限期整改"),
            Decision::Renew => Some("继续合作"),
            Decision::Exit => None,
        }
    }
}

impl Spelled for WarningLevel {
    fn synonym(self) -> Option<&'static str> {
        Some(match self {
            WarningLevel::Yellow => "黄牌",
            WarningLevel::Red => "红牌",
        })
    }
}

impl Spelled for PricingMode {
    fn synonym(self) -> Option<&'static str> {
        match self {
            PricingMode::Free => Some("免费"),
            PricingMode::Market => Some("市场价"),
            PricingMode::LowCost => None,
        }
    }
}

impl Spelled for PaymentForm {
    fn synonym(self) -> Option<&'static str> {
        match self {
            PaymentForm::Cash => Some("转账"),
            PaymentForm::Goods => Some("实物"),
            PaymentForm::Service => None,
        }
    }
}

impl Spelled for FinancialSource {
    fn synonym(self) -> Option<&'static str> {
        match self {
            FinancialSource::SelfReported => Some("自行申报"),
            FinancialSource::Statements => Some("报表"),
            FinancialSource::ThirdParty => None,
        }
    }
}

impl Spelled for SurveyMethod {
    fn synonym(self) -> Option<&'static str> {
        match self {
            SurveyMethod::Online => Some("问卷星"),
            SurveyMethod::Phone => Some("电话回访"),
            _ => None,
        }
    }
}

impl Spelled for RespondentType {
    fn synonym(self) -> Option<&'static str> {
        match self {
            RespondentType::Resident => Some("居民"),
            RespondentType::ServiceUser => Some("参与者"),
        }
    }
}

impl Spelled for Channel {
    fn synonym(self) -> Option<&'static str> {
        match self {
            Channel::Hotline => Some("12345"),
            Channel::MarketRegulator => Some("市场监管局"),
            Channel::GridWorker => Some("网格"),
            _ => None,
        }
    }
}

impl Spelled for ComplaintCategory {
    fn synonym(self) -> Option<&'static str> {
        match self {
            ComplaintCategory::Pricing => Some("乱收费"),
            ComplaintCategory::Sales => Some("会销"),
            ComplaintCategory::Nuisance => Some("噪音"),
            _ => None,
        }
    }
}

impl Spelled for Severity {
    fn synonym(self) -> Option<&'static str> {
        match self {
            Severity::Minor => Some("轻微"),
            Severity::Serious => Some("较严重"),
            Severity::Major => None,
        }
    }
}

impl Spelled for VetoCode {}

impl Spelled for SpacePurpose {
    fn synonym(self) -> Option<&'static str> {
        match self {
            SpacePurpose::Welfare => Some("公益"),
            SpacePurpose::LowCost => Some("低偿"),
            SpacePurpose::Commercial => Some("经营"),
            SpacePurpose::StorageOffice => Some("办公"),
            SpacePurpose::Idle => Some("空置"),
        }
    }
}

impl Spelled for PropertyType {
    fn synonym(self) -> Option<&'static str> {
        match self {
            PropertyType::PartyCenter => Some("党群中心"),
            PropertyType::IdleBuilding => Some("闲置用房"),
            _ => None,
        }
    }
}

impl Spelled for RectificationSource {
    fn synonym(self) -> Option<&'static str> {
        match self {
            RectificationSource::QuarterlyCheck => Some("季度考核"),
            RectificationSource::AnnualEvaluation => Some("年度考核"),
            _ => None,
        }
    }
}

impl Spelled for RecheckResult {
    fn synonym(self) -> Option<&'static str> {
        match self {
            RecheckResult::Fixed => Some("已完成"),
            RecheckResult::Partial => Some("部分整改"),
            RecheckResult::NotFixed => Some("未完成"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every synonym typed by the generator reads back as its own value.
    fn check<V: Spelled + PartialEq + std::fmt::Debug>() {
        for v in V::all() {
            if let Some(s) = v.synonym() {
                assert_eq!(V::parse(s), Some(*v), "{s}");
            }
        }
    }

    #[test]
    fn synonyms_are_in_the_vocabulary() {
        check::<LegalForm>();
        check::<PartnerType>();
        check::<CoopMode>();
        check::<ServiceMode>();
        check::<Category>();
        check::<FundBasis>();
        check::<FundFrequency>();
        check::<SpaceTerms>();
        check::<PartnerStatus>();
        check::<Grade>();
        check::<Decision>();
        check::<WarningLevel>();
        check::<PricingMode>();
        check::<PaymentForm>();
        check::<FinancialSource>();
        check::<SurveyMethod>();
        check::<RespondentType>();
        check::<Channel>();
        check::<ComplaintCategory>();
        check::<Severity>();
        check::<SpacePurpose>();
        check::<PropertyType>();
        check::<RectificationSource>();
        check::<RecheckResult>();
    }
}
