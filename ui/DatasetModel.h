#pragma once
// A table model over a core Dataset (no copy of its rows into widgets): row number, class and
// text, plus the length in characters. DatasetFilter narrows it to one class and a search text.

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <memory>

#include "core/data/Dataset.h"

namespace headliner::ui {

class DatasetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RowColumn = 0, LabelColumn, TextColumn, LengthColumn, ColumnCount };
    enum Role { LabelIdRole = Qt::UserRole + 1 };

    explicit DatasetModel(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const data::Dataset> dataset);
    const data::Dataset* dataset() const { return dataset_.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const data::Dataset> dataset_;
};

class DatasetFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit DatasetFilter(QObject* parent = nullptr);

    // -1: every class.
    void setLabel(int label);
    // Rows whose text contains every word of `text` (case ignored).
    void setSearch(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    int label_ = -1;
    QStringList words_;
};

}  // namespace headliner::ui
