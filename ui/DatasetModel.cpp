#include "ui/DatasetModel.h"

#include "core/data/Statistics.h"

namespace headliner::ui {

namespace {
constexpr int kPreviewChars = 240;  // a table cell shows the start of a text; the panel shows all
}

DatasetModel::DatasetModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetModel::setDataset(std::shared_ptr<const data::Dataset> dataset) {
    beginResetModel();
    dataset_ = std::move(dataset);
    endResetModel();
}

int DatasetModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !dataset_ ? 0 : int(dataset_->size());
}

int DatasetModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetModel::data(const QModelIndex& index, int role) const {
    if (!dataset_ || !index.isValid() || index.row() >= rowCount()) return {};
    const auto row = std::size_t(index.row());
    const int label = dataset_->labels[row];
    switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
                case RowColumn:
                    return index.row() + 1;
                case LabelColumn:
                    return label >= 0 && std::size_t(label) < dataset_->labelNames.size()
                               ? QString::fromStdString(dataset_->labelNames[std::size_t(label)])
                               : QString::number(label);
                case TextColumn: {
                    const QString text = QString::fromStdString(dataset_->texts[row]);
                    return text.size() > kPreviewChars ? text.left(kPreviewChars) + QChar(0x2026) : text;
                }
                case LengthColumn:
                    return qulonglong(data::countCharacters(dataset_->texts[row]));
            }
            break;
        case Qt::ToolTipRole:
            if (index.column() == TextColumn) return QString::fromStdString(dataset_->texts[row]);
            break;
        case Qt::TextAlignmentRole:
            if (index.column() == RowColumn || index.column() == LengthColumn)
                return QVariant(Qt::AlignRight | Qt::AlignVCenter);
            break;
        case LabelIdRole:
            return label;
        default:
            break;
    }
    return {};
}

QVariant DatasetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case RowColumn:
            return tr("Row");
        case LabelColumn:
            return tr("Class");
        case TextColumn:
            return tr("Text");
        case LengthColumn:
            return tr("Characters");
    }
    return {};
}

DatasetFilter::DatasetFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void DatasetFilter::setLabel(int label) {
    label_ = label;
    invalidateFilter();
}

void DatasetFilter::setSearch(const QString& text) {
    words_ = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool DatasetFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* model = qobject_cast<const DatasetModel*>(sourceModel());
    if (!model || !model->dataset()) return true;
    const auto row = std::size_t(sourceRow);
    if (label_ >= 0 && model->dataset()->labels[row] != label_) return false;
    if (words_.isEmpty()) return true;
    const QString text = QString::fromStdString(model->dataset()->texts[row]);
    for (const auto& w : words_)
        if (!text.contains(w, Qt::CaseInsensitive)) return false;
    return true;
}

bool DatasetFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const auto* model = qobject_cast<const DatasetModel*>(sourceModel());
    if (model && model->dataset()) {
        const auto& d = *model->dataset();
        const auto l = std::size_t(left.row()), r = std::size_t(right.row());
        switch (left.column()) {
            case DatasetModel::RowColumn:
                return l < r;
            case DatasetModel::LabelColumn:
                return d.labels[l] != d.labels[r] ? d.labels[l] < d.labels[r] : l < r;
            case DatasetModel::TextColumn:
                return d.texts[l] < d.texts[r];
            case DatasetModel::LengthColumn:
                return data::countCharacters(d.texts[l]) < data::countCharacters(d.texts[r]);
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

}  // namespace headliner::ui
