// SPDX-License-Identifier: GPL-2.0-only
/*
 * vhost_rdmaapi: RDMA API remoting for virtual machines.
 *
 * Every host RDMA device gets a vdpa management device of the same name;
 * `vdpa dev add name X mgmtdev rxe0` then creates a virtio device of ID 42
 * whose requests this module serves with the host's in-kernel verbs.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <rdmaapi/wire-check.h>
#include "cm.h"
#include "verbs.h"

static struct ib_client rdmaapi_client;

/* /sys/kernel/debug/vhost_rdmaapi/<vdpa device>/stats */
struct dentry *rdmaapi_debugfs;
/* Runs the deletions of removed RDMA devices' vDPA devices. */
static struct workqueue_struct *rdmaapi_wq;

/* Port state changes and the like reach every guest context. */
static void rdmaapi_ib_event(struct ib_event_handler *h, struct ib_event *e)
{
	struct rdmaapi_parent *parent =
		container_of(h, struct rdmaapi_parent, ev_handler);
	struct rdmaapi_dev *dev;

	switch (e->event) {
	case IB_EVENT_PORT_ACTIVE:
	case IB_EVENT_PORT_ERR:
	case IB_EVENT_LID_CHANGE:
	case IB_EVENT_PKEY_CHANGE:
	case IB_EVENT_SM_CHANGE:
	case IB_EVENT_CLIENT_REREGISTER:
	case IB_EVENT_GID_CHANGE:
		break;
	default:
		return;
	}
	mutex_lock(&parent->lock);
	list_for_each_entry(dev, &parent->devs, node)
		verbs_port_event(dev, e);
	mutex_unlock(&parent->lock);
}

/* Deletes every vDPA device of a removed RDMA device, then the parent. */
static void rdmaapi_parent_remove(struct work_struct *work)
{
	struct rdmaapi_parent *parent =
		container_of(work, struct rdmaapi_parent, remove_work);

	vdpa_mgmtdev_unregister(&parent->mgmt);
	put_device(&parent->ibdev->dev);
	kfree(parent);
}

static int rdmaapi_ib_add(struct ib_device *ibdev)
{
	struct rdmaapi_parent *parent;
	int ret;

	parent = kzalloc(sizeof(*parent), GFP_KERNEL);
	if (!parent)
		return -ENOMEM;
	parent->ibdev = ibdev;
	mutex_init(&parent->lock);
	INIT_LIST_HEAD(&parent->devs);
	INIT_WORK(&parent->remove_work, rdmaapi_parent_remove);
	parent->id_table[0].device = VIRTIO_ID_RDMAAPI;
	parent->id_table[0].vendor = VIRTIO_DEV_ANY_ID;
	parent->mgmt.device = &ibdev->dev;
	parent->mgmt.ops = &rdmaapi_mgmtdev_ops;
	parent->mgmt.id_table = parent->id_table;
	parent->mgmt.supported_features = RDMAAPI_FEATURES;
	parent->mgmt.max_supported_vqs = VIRTIO_RDMAAPI_NUM_VQS;
	get_device(&ibdev->dev);
	ret = vdpa_mgmtdev_register(&parent->mgmt);
	if (ret) {
		put_device(&ibdev->dev);
		kfree(parent);
		return ret;
	}
	ib_set_client_data(ibdev, &rdmaapi_client, parent);
	INIT_IB_EVENT_HANDLER(&parent->ev_handler, ibdev, rdmaapi_ib_event);
	ib_register_event_handler(&parent->ev_handler);
	return 0;
}

static void rdmaapi_ib_remove(struct ib_device *ibdev, void *data)
{
	struct rdmaapi_parent *parent = data;
	struct rdmaapi_dev *dev;

	/* No event handler runs once this returns. */
	ib_unregister_event_handler(&parent->ev_handler);
	/* Every guest object goes now, while @ibdev still works... */
	mutex_lock(&parent->lock);
	parent->dead = true;
	list_for_each_entry(dev, &parent->devs, node)
		rdmaapi_dev_kill(dev);
	mutex_unlock(&parent->lock);
	/*
	 * ...but deleting the vDPA devices waits for their VMs to let go, so
	 * that happens later, without holding up the RDMA device's removal.
	 */
	queue_work(rdmaapi_wq, &parent->remove_work);
}

static struct ib_client rdmaapi_client = {
	.name = "vhost_rdmaapi",
	.add = rdmaapi_ib_add,
	.remove = rdmaapi_ib_remove,
};

static void rdmaapi_check_abi(void)
{
	virtio_rdmaapi_check_wire();
	/* Page lists are in 4 KiB pages: the host must use the same. */
	BUILD_BUG_ON(VIRTIO_RDMAAPI_PAGE_SIZE != PAGE_SIZE);
	/* Event codes travel as the kernel's own. */
	BUILD_BUG_ON(VIRTIO_RDMAAPI_EVENT_DEVICE_FATAL != IB_EVENT_DEVICE_FATAL);
}

static int __init rdmaapi_init(void)
{
	int ret;

	rdmaapi_check_abi();
	rdmaapi_wq = alloc_workqueue("vhost_rdmaapi", 0, 0);
	if (!rdmaapi_wq)
		return -ENOMEM;
	rdmaapi_debugfs = debugfs_create_dir("vhost_rdmaapi", NULL);
	ret = rdmaapi_register_personality(&rdmaapi_verbs);
	if (ret)
		goto err_debugfs;
	ret = rdmaapi_register_personality(&rdmaapi_rdmacm);
	if (ret)
		goto err_verbs;
	ret = ib_register_client(&rdmaapi_client);
	if (ret)
		goto err_rdmacm;
	return 0;

err_rdmacm:
	rdmaapi_unregister_personality(&rdmaapi_rdmacm);
err_verbs:
	rdmaapi_unregister_personality(&rdmaapi_verbs);
err_debugfs:
	debugfs_remove_recursive(rdmaapi_debugfs);
	destroy_workqueue(rdmaapi_wq);
	return ret;
}

static void __exit rdmaapi_exit(void)
{
	ib_unregister_client(&rdmaapi_client);
	/* Pending deletions end before the code they run goes. */
	destroy_workqueue(rdmaapi_wq);
	rdmaapi_unregister_personality(&rdmaapi_rdmacm);
	rdmaapi_unregister_personality(&rdmaapi_verbs);
	debugfs_remove_recursive(rdmaapi_debugfs);
}

module_init(rdmaapi_init);
module_exit(rdmaapi_exit);

MODULE_DESCRIPTION("vDPA device remoting the host's RDMA devices to guests");
MODULE_LICENSE("GPL");
